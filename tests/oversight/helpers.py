"""Helpers for the oversight tests: a group with meetings and recorded attendance."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from bot.devserver import BotMessage, SimUser
from bot.meetings import rules as meetings
from bot.meetings.schedule import Pattern, SeriesSpec
from bot.models import Meeting
from tests.builders import Programme
from tests.harness import BotHarness
from tests.meetings.helpers import RULES, venue

# Weekly on Thursdays from 5 November 2026 (GMT, local time = UTC), 10:30–12:00.
THURSDAYS = tuple(date(2026, 11, 5 + 7 * n) for n in range(4))
SATURDAY = datetime(2026, 11, 14, 12, 0, tzinfo=UTC)  # office shut
MONDAY_OPENING = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


async def plan_dates(
    bot: BotHarness, world: Programme, days: tuple[date, ...], at: time = time(10, 30)
) -> list[Meeting]:
    """Meetings on the given days, planned straight through the core by the first PSF."""
    place = await venue(bot, world)
    spec = SeriesSpec(Pattern.PICKED, days[0], at, len(days), picked=days)
    async with bot.services.db.transaction() as repos:
        return await meetings.plan_meetings(
            repos,
            group=world.group,
            spec=spec,
            venue=place,
            planner_id=world.person_id(world.psf),
            now=bot.clock.now(),
            rules=RULES,
        )


async def record(bot: BotHarness, world: Programme, meeting: Meeting, came: int) -> None:
    """The PSFs recorded that `came` peers came (as newcomers, so no names are needed)."""
    async with bot.services.db.transaction() as repos:
        await repos.checkins.save_attendance(
            meeting.id,
            by=world.person_id(world.psf),
            now=bot.clock.now(),
            met=True,
            newcomers=came,
            confirmed_by=world.person_id(world.psf),
            confirmed_at=bot.clock.now(),
        )


def warnings_in(user: SimUser) -> list[BotMessage]:
    return [m for m in user.inbox if m.text.startswith("⚠️") and not m.deleted]
