"""The oversight step looks only at groups that changed, or whose facts time alone changes
(oversight_work, migration 0012): the warnings are always what looking at every group on every
sweep would give, and an idle step reads no group."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.checkins.rules import CheckinTimes
from bot.oversight.deliveries import oversight_sweep
from bot.oversight.records import Rule, Thresholds
from bot.oversight.rules import evaluate
from bot.oversight.status import group_status
from tests.builders import Programme
from tests.concerns.steps import raise_concern
from tests.harness import BotHarness
from tests.oversight.helpers import THURSDAYS, plan_dates, record, utc


async def _fresh_rules(bot: BotHarness, world: Programme) -> set[str]:
    """What the rules say about the group now, worked out from scratch."""
    settings = bot.services.settings
    async with bot.services.db.read() as repos:
        group = await repos.programme.group(world.group.id)
        assert group is not None
        status = await group_status(
            repos, group, bot.clock.now(), CheckinTimes.from_settings(settings)
        )
    return {
        flag.rule.value for flag in evaluate(status.facts(), Thresholds.from_settings(settings))
    }


async def _warned(bot: BotHarness, world: Programme) -> set[str]:
    async with bot.services.db.read() as repos:
        return {w.rule for w in await repos.warnings.active(world.group.id)}


async def test_warnings_follow_changes_and_time_as_if_every_group_were_read(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four weekly meetings, attendance falling, a check-in never done, a PSF leaving and coming
    back, feedback, an urgent concern, then nothing planned: swept every 5 hours for two
    months, the warnings after each sweep are exactly what the rules say about the group.
    (The daily look that catches anything missed is put off, so nothing hides a miss.)"""
    monkeypatch.setattr("bot.oversight.deliveries.LOOK_AT_LEAST_EVERY", timedelta(days=365))
    world = await Programme.build(bot)
    planned = await plan_dates(bot, world, THURSDAYS)
    await bot.sweep()
    seen: set[str] = set()
    changes = {
        utc(2026, 11, 5, 13, 0): lambda: record(bot, world, planned[0], 3),
        utc(2026, 11, 12, 13, 0): lambda: record(bot, world, planned[1], 2),
        utc(2026, 11, 20, 8, 0): lambda: _leave(bot, world),
        utc(2026, 11, 21, 9, 0): lambda: _feedback(bot, world, planned[1].id),
        utc(2026, 11, 23, 10, 0): lambda: _back(bot, world),
        utc(2026, 11, 24, 10, 0): lambda: raise_concern(bot, world.psf, urgent=True),
        # Beyond the planning horizon at first: "nothing planned" until it comes within.
        utc(2026, 12, 3, 10, 0): lambda: plan_dates(bot, world, (date(2027, 2, 11),)),
    }
    moment = utc(2026, 11, 4, 12, 0)
    end = moment + timedelta(days=60)
    while moment < end:
        for at, change in list(changes.items()):
            if at <= moment:
                bot.clock.set(at)
                await change()
                del changes[at]
        await bot.sweep(at=moment)
        expected = await _fresh_rules(bot, world)
        assert await _warned(bot, world) == expected, moment
        seen |= expected
        moment += timedelta(hours=5)
    # The scenario went through the time-driven rules, not only the changes.
    time_driven = {Rule.CHECKIN_MISSING, Rule.NO_PLAN, Rule.URGENT}
    assert {*time_driven, Rule.PSF_COVER, Rule.LOW_ATTENDANCE, Rule.NOT_FOR_ME} <= seen


async def _leave(bot: BotHarness, world: Programme) -> None:
    async with bot.services.db.transaction() as repos:
        await repos.people.leave_group(
            group_id=world.group.id, person_id=world.person_id(world.psfs[1]), now=bot.clock.now()
        )


async def _back(bot: BotHarness, world: Programme) -> None:
    from bot.models import Role  # noqa: PLC0415

    async with bot.services.db.transaction() as repos:
        await repos.people.join_group(
            group_id=world.group.id,
            person_id=world.person_id(world.psfs[1]),
            role=Role.PSF,
            now=bot.clock.now(),
        )


async def _feedback(bot: BotHarness, world: Programme, meeting_id: int) -> None:
    async with bot.services.db.transaction() as repos:
        for peer in world.peers:
            await repos.checkins.set_feedback(
                meeting_id, world.person_id(peer), "not_for_me", bot.clock.now()
            )


async def test_an_idle_oversight_step_reads_no_group(bot: BotHarness) -> None:
    world = await Programme.build(bot)
    await plan_dates(bot, world, THURSDAYS)
    await bot.sweep()
    connection = bot.services.db._require()
    traced: list[str] = []
    await connection.set_trace_callback(traced.append)
    try:
        swept = await oversight_sweep(bot.services)
    finally:
        await connection.set_trace_callback(None)
    assert (swept.raised, swept.cleared) == (0, 0)
    asked = [sql for sql in traced if "oversight_work" in sql]
    assert len(asked) == 1 and asked[0].startswith("SELECT group_id FROM oversight_work")
    assert not [sql for sql in traced if "FROM groups" in sql or "FROM meetings" in sql]
    # Looked at again when the first meeting starts (or a day has passed), not before.
    first = datetime.combine(THURSDAYS[0], time(10, 30), tzinfo=UTC)
    soonest = min(first, bot.clock.now() + timedelta(days=1))
    async with bot.services.db.read() as repos:
        assert await repos.warnings.groups_due(soonest - timedelta(seconds=1), limit=9) == []
        assert await repos.warnings.groups_due(first + timedelta(seconds=1), limit=9) == [
            world.group.id
        ]
