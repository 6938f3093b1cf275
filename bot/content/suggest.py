"""What to suggest for the next session: the curriculum theme or a topic, and an icebreaker.

Pure: the caller reads from the database which topics and icebreakers the group has had and what
peers suggested, and stores the PSF's choice.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.content.models import Content, CurriculumSession, Icebreaker, Topic
from bot.content.search import TopicIndex


@dataclass
class SessionPlan:
    session_number: int
    theme: CurriculumSession | None  # sessions 1-6
    topic: Topic | None  # sessions 7 onwards (the open agenda)
    icebreaker: Icebreaker
    peer_suggestions: list[str]  # distinct, those matching the topic first


def plan_session(
    content: Content,
    *,
    session_number: int,
    covered_topic_keys: Collection[str],
    used_icebreaker_keys: Collection[str],
    peer_suggestions: Sequence[str],
) -> SessionPlan:
    """Suggest the theme or topic and the icebreaker for session `session_number` (from 1)."""
    if session_number < 1:
        raise ValueError(f"session numbers start at 1, not {session_number}")
    suggestions = _distinct(peer_suggestions)
    theme = content.session(session_number)
    topic = None
    matching: set[str] = set()
    if theme is None:
        topic, matching = _best_topic(content.topics, covered_topic_keys, suggestions)
    return SessionPlan(
        session_number=session_number,
        theme=theme,
        topic=topic,
        icebreaker=_next_icebreaker(content.icebreakers, used_icebreaker_keys),
        peer_suggestions=sorted(suggestions, key=lambda text: text not in matching),
    )


def _best_topic(
    topics: Sequence[Topic], covered: Collection[str], suggestions: Sequence[str]
) -> tuple[Topic, set[str]]:
    """The uncovered topic peers' suggestions match best (library order breaks ties).

    When every topic has been covered the library starts again, still ranked by suggestions.
    """
    candidates = [topic for topic in topics if topic.key not in covered] or list(topics)
    index = TopicIndex(candidates)
    totals = dict.fromkeys(range(len(candidates)), 0.0)
    matched_by: dict[int, set[str]] = {number: set() for number in totals}
    positions = {topic.key: number for number, topic in enumerate(candidates)}
    for suggestion in suggestions:
        for topic, score in index.search(suggestion, limit=len(candidates)):
            number = positions[topic.key]
            totals[number] += score
            matched_by[number].add(suggestion)
    best = max(totals, key=lambda number: (totals[number], -number))
    return candidates[best], matched_by[best]


def _next_icebreaker(icebreakers: Sequence[Icebreaker], used: Collection[str]) -> Icebreaker:
    """The first icebreaker not yet used; once all have been, start again from the first."""
    return next((ice for ice in icebreakers if ice.key not in used), icebreakers[0])


def _distinct(texts: Sequence[str]) -> list[str]:
    """Suggestions trimmed, without blanks or repeats (ignoring case), in the order given."""
    seen: dict[str, str] = {}
    for text in texts:
        cleaned = " ".join(text.split())
        if cleaned and cleaned.casefold() not in seen:
            seen[cleaned.casefold()] = cleaned
    return list(seen.values())
