"""Helpers for the check-in tests: a group whose meeting has just happened, and its clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from bot.checkins import texts
from bot.devserver import BotMessage, SimUser
from bot.meetings import rules as meetings
from bot.meetings.schedule import Pattern
from bot.models import Answer, Meeting
from tests.builders import Programme
from tests.harness import BotHarness
from tests.meetings.helpers import plan, utc

# The third Tuesday of each month, 10:30–12:00 (GMT, so local time = UTC).
STARTS = utc(2026, 11, 17, 10, 30)
DURING = utc(2026, 11, 17, 11, 0)
ENDS = utc(2026, 11, 17, 12, 0)
PROMPT_AT = utc(2026, 11, 17, 14, 0)  # two hours after the end
REMINDER_AT = utc(2026, 11, 18, 9, 30)  # next morning
NEXT_STARTS = utc(2026, 12, 15, 10, 30)
RECAP_AT = utc(2026, 12, 13, 10, 30)  # two days before the next meeting

DONE = texts.ATTENDANCE_DONE
SKIP = texts.SKIP
NOTHING = texts.NOTHING_IN_THE_WAY
NURSE_NO = texts.NURSE_NO
WELL = texts.MOOD_LABELS[4]


@dataclass
class MeetingDay:
    world: Programme
    meetings: list[Meeting]

    @property
    def meeting(self) -> Meeting:
        return self.meetings[0]

    @property
    def next_meeting(self) -> Meeting:
        return self.meetings[1]


async def meeting_day(
    bot: BotHarness,
    *,
    answers: tuple[Answer | None, ...] = (Answer.YES, Answer.YES, Answer.NO),
    **build: object,
) -> MeetingDay:
    """A group with 3 monthly meetings from 17 November; peers answered as given."""
    world = await Programme.build(bot, **build)  # type: ignore[arg-type]
    planned = await plan(
        bot, world, first=date(2026, 11, 17), at=time(10, 30), count=3,
        pattern=Pattern.MONTHLY_NTH_WEEKDAY,
    )  # fmt: skip
    async with bot.services.db.transaction() as repos:
        for peer, answer in zip(world.peers, answers, strict=False):
            if answer is not None:
                await meetings.record_answer(
                    repos,
                    meeting=planned[0],
                    person_id=world.person_id(peer),
                    answer=answer,
                    now=bot.clock.now(),
                )
    await bot.sweep()  # the new dates go out now, out of the way
    return MeetingDay(world, planned)


async def to_prompt(bot: BotHarness) -> None:
    """The meeting starts (prompts are arranged), then the prompt falls due."""
    await bot.sweep(at=DURING)
    await bot.sweep(at=PROMPT_AT)


def checkin_messages(user: SimUser) -> list[BotMessage]:
    return [m for m in user.inbox if "Check-in" in m.text and not m.deleted]


def feedback_messages(user: SimUser) -> list[BotMessage]:
    return [m for m in user.inbox if "How was" in m.text and not m.deleted]


async def walk_checkin(bot: BotHarness, psf: SimUser, *, well: str = "The icebreaker") -> None:
    """Tap through a whole check-in from the prompt, as a PSF with nothing to worry about."""
    await bot.press(psf, DONE)
    await bot.press(psf, WELL)
    await bot.send(psf, well)
    await bot.press(psf, SKIP)
    await bot.press(psf, NOTHING)
    await bot.press(psf, NURSE_NO)


def same_people(bot: BotHarness, *users: SimUser) -> list[SimUser]:
    """The same people on the fresh local Telegram of a restarted bot."""
    fresh = []
    for user in users:
        twin = bot.user(user.id, user.first_name)
        twin.has_chat = True
        fresh.append(twin)
    return fresh
