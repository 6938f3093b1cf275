"""Helpers for the life-cycle tests: a group with six weekly meetings, and its attendance."""

from __future__ import annotations

from datetime import date

from bot.devserver import BotMessage, SimUser
from bot.models import Meeting
from tests.builders import Programme
from tests.harness import BotHarness
from tests.oversight.helpers import plan_dates, utc

# Thursdays 5 November – 10 December 2026, 10:30–12:00 (GMT: local time = UTC).
SIX_THURSDAYS = tuple(date(2026, 11, 5 + 7 * n) if n < 4 else date(2026, 12, 3 + 7 * (n - 4))
                      for n in range(6))  # fmt: skip
SESSION_5_ENDS = utc(2026, 12, 3, 12, 0)
PEERS_ASKED = utc(2026, 12, 4, 10, 0)  # the next morning
PSFS_ASKED = utc(2026, 12, 7, 10, 0)  # three days later (a Monday, office hours)
LAST_ENDS = utc(2026, 12, 10, 12, 0)
FAREWELL_AT = utc(2026, 12, 11, 10, 0)


async def six_meetings(bot: BotHarness) -> tuple[Programme, list[Meeting]]:
    world = await Programme.build(bot)
    planned = await plan_dates(bot, world, SIX_THURSDAYS)
    return world, planned


async def mark(bot: BotHarness, world: Programme, meeting: Meeting, present: set[SimUser]) -> None:
    """The PSFs recorded who came: the peers in `present`, the others not."""
    marks = {world.person_id(p): p in present for p in world.peers}
    by = world.person_id(world.psf)
    async with bot.services.db.transaction() as repos:
        await repos.checkins.save_attendance(
            meeting.id, by=by, now=bot.clock.now(), met=True, confirmed_by=by,
            confirmed_at=bot.clock.now(),
        )  # fmt: skip
        await repos.checkins.set_marks(meeting.id, marks, by=by, now=bot.clock.now())


def with_text(user: SimUser, words: str) -> list[BotMessage]:
    return [m for m in user.inbox if words in m.text and not m.deleted]
