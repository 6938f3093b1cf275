"""The life-cycle step looks at a group only when its moment comes or something changed: an idle
sweep reads no group at all, however many there are (issue 14)."""

from __future__ import annotations

from datetime import datetime

from tests.builders import Programme
from tests.harness import BotHarness
from tests.lifecycle.helpers import mark, six_meetings
from tests.oversight.helpers import utc


async def _due(bot: BotHarness, at: datetime | None = None) -> list[int]:
    async with bot.services.db.read() as repos:
        return await repos.lifecycle.groups_to_look_at(at or bot.clock.now())


async def _look_at(bot: BotHarness, world: Programme) -> str | None:
    async with bot.services.db.read() as repos:
        row = await repos.lifecycle._one(
            "SELECT look_at FROM lifecycle_work WHERE group_id = ?", (world.group.id,)
        )
    return None if row is None else str(row[0])


async def test_after_a_sweep_the_group_waits_for_its_next_meeting(bot: BotHarness) -> None:
    """Planning marks the group; the sweep looks once and then waits for the first meeting."""
    world, planned = await six_meetings(bot)
    assert world.group.id in await _due(bot)
    await bot.sweep()
    assert await _due(bot) == []
    assert await _look_at(bot, world) == "2026-11-05T10:30:00Z"
    assert planned[0].starts_at == utc(2026, 11, 5, 10, 30)
    await bot.sweep(at=utc(2026, 11, 5, 10, 30))  # the first meeting starts: running
    assert await _look_at(bot, world) == "2026-11-05T12:00:00Z"  # and its end is next


async def test_changes_mark_the_group_at_once(bot: BotHarness) -> None:
    """Attendance recorded, someone joining or leaving, a person blocking the bot: each
    marks the group in the same transaction, so the next sweep looks at it."""
    world, planned = await six_meetings(bot)
    await bot.sweep(at=utc(2026, 11, 5, 12, 0))
    assert await _due(bot) == []
    await mark(bot, world, planned[0], present=set())
    assert await _due(bot) == [world.group.id]
    await bot.sweep()
    assert await _due(bot) == []
    peer = world.person_id(world.peer)
    async with bot.services.db.transaction() as repos:
        await repos.people.set_unreachable(peer, bot.clock.now())
    assert await _due(bot) == [world.group.id]


async def test_an_archived_group_is_never_looked_at_again(bot: BotHarness) -> None:
    world, _ = await six_meetings(bot)
    await bot.sweep()
    async with bot.services.db.transaction() as repos:
        await repos.lifecycle.set_stage(world.group.id, "ended", bot.clock.now())
        await repos.lifecycle.archive(world.group.id, bot.clock.now())
    assert await _due(bot) == [world.group.id]
    await bot.sweep()
    assert await _look_at(bot, world) is None
    assert await _due(bot, utc(2027, 12, 1)) == []
