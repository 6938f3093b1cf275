"""Helpers for the meetings tests: plan meetings directly in the core, or with taps as a PSF."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import partial

import pytest

from bot.devserver import SimUser
from bot.meetings import rules as meetings
from bot.meetings import texts
from bot.meetings.rules import ReminderRules
from bot.meetings.schedule import Pattern, SeriesSpec
from bot.models import Meeting, Venue
from bot.ratelimit import FloodLimiter
from tests.builders import Programme
from tests.harness import BotHarness

RULES = ReminderRules()


def quick_taps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let one chat take many messages a second: a test taps far faster than any person, and
    Telegram's per-chat limit (real time) would only make it wait. The overall limit stays;
    flood limits themselves are tested in test_foundation and bench/fanout.py."""
    relaxed = partial(FloodLimiter, chat_burst=1000, chat_per_second=1000.0)
    monkeypatch.setattr("bot.app.FloodLimiter", relaxed)


async def venue(bot: BotHarness, world: Programme, name: str = "Village Hall") -> Venue:
    async with bot.services.db.transaction() as repos:
        return await meetings.add_venue(
            repos,
            group=world.group,
            name=name,
            address="Church Street",
            notes="",
            created_by=None,
            now=bot.clock.now(),
        )


async def plan(
    bot: BotHarness,
    world: Programme,
    *,
    first: date = date(2026, 11, 17),
    at: time = time(10, 30),
    count: int = 6,
    pattern: Pattern = Pattern.MONTHLY_NTH_WEEKDAY,
    planner: SimUser | None = None,
    rules: ReminderRules = RULES,
) -> list[Meeting]:
    """Plan a series straight through the core, as the first PSF (unless told otherwise)."""
    place = await venue(bot, world)
    spec = SeriesSpec(pattern, first, at, count)
    async with bot.services.db.transaction() as repos:
        return await meetings.plan_meetings(
            repos,
            group=world.group,
            spec=spec,
            venue=place,
            planner_id=world.person_id(planner or world.psf),
            now=bot.clock.now(),
            rules=rules,
        )


async def plan_with_taps(
    bot: BotHarness,
    psf: SimUser,
    *,
    day: str = "17",
    at: str = "10:30",
    count: str = "6 (usual)",
    pattern: str = texts.PATTERN_LABELS[0],
    place: str = "Village Hall",
) -> None:
    """A PSF plans meetings from the menu with nothing but taps."""
    await bot.send(psf, "/start")
    await bot.send(psf, texts.PSF_MENU_LABEL)
    await bot.press(psf, texts.PLAN)
    await bot.press(psf, pattern)
    await bot.press(psf, day)
    await bot.press(psf, at)
    await bot.press(psf, place)
    if pattern in texts.PATTERN_LABELS[:3]:
        await bot.press(psf, count)
    await bot.press(psf, texts.SAVE)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


async def reminder_rows(bot: BotHarness, meeting_id: int) -> dict[tuple[int, str], datetime]:
    """Pending reminder rows of a meeting: (person id, variant) -> due time."""
    async with bot.services.db.read() as repos:
        rows = await repos.deliveries.pending_for(kind=meetings.REMINDER, subject_id=meeting_id)
    return {(row.person_id, row.variant): row.due_at for row in rows}


DAY = timedelta(days=1)
