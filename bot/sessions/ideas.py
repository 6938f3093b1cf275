"""Topics peers would like to talk about. PSFs see them before the next meeting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.models import Person, TopicSuggestion
from bot.storage import Repos
from bot.storage.times import to_db

MAX_LENGTH = 300


class SuggestionError(ValueError):
    """Text that can't be a suggestion: 'empty' or 'too long'."""


def clean_suggestion(text: str) -> str:
    """A suggestion as typed, tidied; SuggestionError('empty' | 'too long') otherwise."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise SuggestionError("empty")
    if len(cleaned) > MAX_LENGTH:
        raise SuggestionError("too long")
    return cleaned


async def add_suggestion(
    repos: Repos,
    *,
    group_id: int,
    person_id: int | None,
    text: str,
    now: datetime,
    meeting_id: int | None = None,
) -> TopicSuggestion:
    """Keep a topic suggestion for the group (the caller has authorized SUGGEST_TOPIC)."""
    return await repos.suggestions.add(
        group_id=group_id,
        person_id=person_id,
        text=clean_suggestion(text),
        now=now,
        meeting_id=meeting_id,
    )


async def suggestions_for(
    repos: Repos, group_id: int, since: datetime | None = None
) -> list[TopicSuggestion]:
    """The group's suggestions, oldest first (those made since `since`, if given)."""
    return await repos.suggestions.for_group(group_id, since=since)


async def export_suggestions(repos: Repos, person: Person) -> list[dict[str, Any]]:
    """A person's own suggestions, for /mydata."""
    return [
        {"text": s.text, "at": to_db(s.created_at)}
        for s in await repos.suggestions.by_person(person.id)
        if s.text
    ]


async def erase_suggestions(repos: Repos, person: Person, now: datetime) -> None:
    """/forget: blank the person's suggestions (the group keeps no trace of the words)."""
    await repos.suggestions.erase_person(person.id)
