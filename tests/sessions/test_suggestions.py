"""Peers' topic suggestions: kept for their group, shown in /mydata, erased by /forget."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.privacy import forget_person as forget
from bot.sessions import ideas as suggestions
from bot.sessions.ideas import SuggestionError, add_suggestion, suggestions_for
from tests.builders import Programme
from tests.harness import BotHarness


def test_suggestions_are_tidied_and_limited() -> None:
    """Spaces are tidied; empty and overlong suggestions are refused with a reason."""
    assert suggestions.clean_suggestion("  eating   out \n") == "eating out"
    with pytest.raises(SuggestionError, match="empty"):
        suggestions.clean_suggestion("   ")
    with pytest.raises(SuggestionError, match="too long"):
        suggestions.clean_suggestion("x" * (suggestions.MAX_LENGTH + 1))


async def test_suggestions_are_kept_per_group_in_order(bot: BotHarness) -> None:
    """A group's suggestions come back oldest first, and only that group's, since a time."""
    world = await Programme.build(bot)
    other = await Programme.build(bot, group_name="Hadleigh", first_id=2000)
    start = bot.clock.now()
    async with bot.services.db.transaction() as repos:
        await add_suggestion(
            repos,
            group_id=world.group.id,
            person_id=world.person_id(world.peer),
            text="sleep",
            now=start,
        )
        await add_suggestion(
            repos,
            group_id=other.group.id,
            person_id=other.person_id(other.peer),
            text="holidays",
            now=start,
        )
        await add_suggestion(
            repos,
            group_id=world.group.id,
            person_id=world.person_id(world.peers[1]),
            text="eating out",
            now=start + timedelta(days=1),
        )
    async with bot.services.db.read() as repos:
        everything = await suggestions_for(repos, world.group.id)
        recent = await suggestions_for(repos, world.group.id, since=start + timedelta(hours=1))
    assert [s.text for s in everything] == ["sleep", "eating out"]
    assert [s.text for s in recent] == ["eating out"]


async def test_mydata_shows_and_forget_erases_suggestions(bot: BotHarness) -> None:
    """A peer sees their suggestions in /mydata, and /forget blanks them for good."""
    world = await Programme.build(bot)
    peer_id = world.person_id(world.peer)
    async with bot.services.db.transaction() as repos:
        await add_suggestion(
            repos,
            group_id=world.group.id,
            person_id=peer_id,
            text="my sister's care",
            now=bot.clock.now(),
        )
    await bot.send(world.peer, "/mydata")
    assert world.peer.last.document is not None
    data = json.loads(world.peer.last.document.data)
    assert data["topic_suggestions"][0]["text"] == "my sister's care"
    async with bot.services.db.transaction() as repos:
        person = await repos.people.get(peer_id)
        assert person is not None
        await forget(repos, person, bot.clock.now())
    async with bot.services.db.read() as repos:
        assert await suggestions_for(repos, world.group.id) == []
