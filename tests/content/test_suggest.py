"""Planning the next session: the curriculum theme or a library topic, and an icebreaker."""

from collections.abc import Collection, Sequence
from pathlib import Path

import pytest

from bot.content.loader import load_content
from bot.content.models import Content
from bot.content.suggest import SessionPlan, plan_session

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(CONTENT_DIR)


def plan(
    content: Content,
    session_number: int,
    *,
    covered: Collection[str] = (),
    used: Collection[str] = (),
    suggestions: Sequence[str] = (),
) -> SessionPlan:
    return plan_session(
        content,
        session_number=session_number,
        covered_topic_keys=covered,
        used_icebreaker_keys=used,
        peer_suggestions=suggestions,
    )


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_first_six_sessions_follow_the_curriculum(content: Content, number: int) -> None:
    """Sessions 1 to 6 get their curriculum theme and no library topic."""
    result = plan(content, number)
    assert result.theme is not None and result.theme.number == number
    assert result.topic is None
    assert result.session_number == number


def test_open_agenda_picks_the_topic_peers_asked_for(content: Content) -> None:
    """From session 7 the topic best matching peers' suggestions is chosen."""
    result = plan(content, 7, suggestions=["sleeping badly", "always tired", "going on holiday"])
    assert result.theme is None
    assert result.topic is not None and result.topic.key == "sleep"


def test_a_covered_topic_is_not_suggested_again(content: Content) -> None:
    """A topic the group has already had gives way to the next best match."""
    result = plan(
        content,
        8,
        covered={"sleep"},
        suggestions=["sleeping badly", "going on holiday abroad"],
    )
    assert result.topic is not None and result.topic.key == "holidays-travel"


def test_without_suggestions_the_first_uncovered_topic_is_chosen(content: Content) -> None:
    """With nothing suggested, the library order decides, skipping covered topics."""
    first, second = content.topics[0], content.topics[1]
    assert plan(content, 7).topic == first
    assert plan(content, 9, covered={first.key}).topic == second


def test_when_every_topic_is_covered_the_library_starts_again(content: Content) -> None:
    """Once all topics have been covered, suggestions still pick among all of them."""
    everything = {topic.key for topic in content.topics}
    assert plan(content, 30, covered=everything).topic == content.topics[0]
    again = plan(content, 30, covered=everything, suggestions=["christmas"])
    assert again.topic is not None and again.topic.key == "celebrations"


def test_the_first_unused_icebreaker_is_suggested(content: Content) -> None:
    """The icebreaker is the first in the library the group has not used."""
    first, second = content.icebreakers[0], content.icebreakers[1]
    assert plan(content, 1).icebreaker == first
    assert plan(content, 2, used={first.key}).icebreaker == second


def test_icebreakers_start_again_when_all_are_used(content: Content) -> None:
    """After every icebreaker has been used, the first one comes round again."""
    used = {icebreaker.key for icebreaker in content.icebreakers}
    assert plan(content, 20, used=used).icebreaker == content.icebreakers[0]


def test_peer_suggestions_are_tidied_with_matching_ones_first(content: Content) -> None:
    """Suggestions come back once each, trimmed, those matching the chosen topic first."""
    result = plan(
        content,
        7,
        suggestions=[
            "  guest speaker  ",
            "Christmas food",
            "christmas food",
            "",
            "birthday party",
        ],
    )
    assert result.topic is not None and result.topic.key == "celebrations"
    assert result.peer_suggestions == ["Christmas food", "birthday party", "guest speaker"]


def test_curriculum_sessions_still_pass_suggestions_on(content: Content) -> None:
    """In sessions 1-6 the PSF still sees what peers suggested."""
    assert plan(content, 3, suggestions=["sleep"]).peer_suggestions == ["sleep"]


def test_session_numbers_start_at_one(content: Content) -> None:
    """A session number below 1 is a programming error and is refused."""
    with pytest.raises(ValueError, match="start at 1"):
        plan(content, 0)
