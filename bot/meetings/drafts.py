"""The planning wizard's rules: which question comes next, and what each tap may change.

A draft (one per PSF, in the database) holds the answers so far; the next screen is worked out
from what is still missing, so after a restart the PSF carries on where they were. Taps carry
small codes (bot.meetings.buttons.PlanButton); anything out of range is forged or stale and
raises BadCallback; a sensible tap that can't be used (a day gone by) raises DraftProblem.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from enum import StrEnum

from bot.callbacks import BadCallback
from bot.meetings import texts
from bot.meetings.buttons import EditField
from bot.meetings.rules import MAX_MEETINGS, MeetingError, check_start_time
from bot.meetings.schedule import Pattern, SeriesSpec
from bot.models import MeetingDraft
from bot.storage import Repos

# Pattern codes kept in the draft, in the order of their buttons (texts.PATTERN_LABELS).
MONTHLY, EVERY_4, EVERY_2, PICKED, ONCE = "nth", "w4", "w2", "picked", "once"
PLAN_PATTERNS = (MONTHLY, EVERY_4, EVERY_2, PICKED, ONCE)
PLAN, MOVE, VENUE = "plan", "move", "venue"
HORIZON = timedelta(days=366)
TIME_CHOICES = (
    time(9, 30),
    time(10, 0),
    time(10, 30),
    time(11, 0),
    time(13, 30),
    time(14, 0),
    time(14, 30),
    time(18, 30),
    time(19, 0),
)


class DraftProblem(Exception):
    """A tap that makes sense but can't be used; the message says why, kindly."""


class Screen(StrEnum):
    PATTERN = "pattern"
    DATE = "date"
    TIME = "time"
    VENUE = "venue"
    COUNT = "count"
    CHECK = "check"


def next_screen(draft: MeetingDraft) -> Screen:  # noqa: PLR0911 - one return per question
    """The first question the draft has no answer to yet (or the check screen)."""
    if draft.purpose == VENUE:
        return Screen.VENUE if draft.venue_id is None else Screen.CHECK
    if draft.purpose == PLAN and draft.pattern is None:
        return Screen.PATTERN
    if draft.first_date is None:
        return Screen.DATE
    if draft.start_time is None:
        return Screen.TIME
    if draft.purpose == MOVE:
        return Screen.CHECK
    if draft.venue_id is None:
        return Screen.VENUE
    if draft.count is None:
        return Screen.COUNT
    return Screen.CHECK


def spec_of(draft: MeetingDraft, length: timedelta) -> SeriesSpec:
    """The series a finished plan draft describes."""
    if draft.first_date is None or draft.start_time is None:
        raise ValueError("the draft has no date or time yet")
    count = draft.count or 1
    if draft.pattern == MONTHLY:
        return SeriesSpec(
            Pattern.MONTHLY_NTH_WEEKDAY, draft.first_date, draft.start_time, count, length
        )
    if draft.pattern in (EVERY_4, EVERY_2):
        weeks = 4 if draft.pattern == EVERY_4 else 2
        return SeriesSpec(
            Pattern.EVERY_N_WEEKS, draft.first_date, draft.start_time, count, length, weeks=weeks
        )
    if draft.pattern == PICKED:
        return SeriesSpec(
            Pattern.PICKED,
            draft.first_date,
            draft.start_time,
            length=length,
            picked=draft.picked,
        )
    return SeriesSpec(Pattern.EVERY_N_WEEKS, draft.first_date, draft.start_time, 1, length)


def month_shown(draft: MeetingDraft, today: date) -> tuple[int, int]:
    """(year, month) the calendar shows: the one browsed to, else the chosen or current one."""
    if draft.month:
        year, month = draft.month.split("-")
        return int(year), int(month)
    shown = draft.first_date or (draft.picked[0] if draft.picked else today)
    return shown.year, shown.month


def _month_code(value: int, today: date) -> str:
    year, month = divmod(value, 100)
    if not 1 <= month <= 12:
        raise BadCallback("bad month")
    first_allowed = (today.year, today.month)
    last = today + HORIZON
    if not first_allowed <= (year, month) <= (last.year, last.month):
        raise BadCallback("month out of range")
    return f"{year:04d}-{month:02d}"


def _day(value: int, today: date) -> date:
    year, rest = divmod(value, 10_000)
    month, day = divmod(rest, 100)
    try:
        tapped = date(year, month, day)
    except ValueError:
        raise BadCallback("bad day") from None
    if tapped < today:
        raise DraftProblem(texts.DAY_GONE)
    if tapped > today + HORIZON:
        raise DraftProblem(texts.TOO_FAR)
    return tapped


def _time(value: int) -> time:
    hours, minutes = divmod(value, 100)
    if not (0 <= hours < 24 and minutes in (0, 15, 30, 45)):
        raise BadCallback("bad time")
    chosen = time(hours, minutes)
    try:
        check_start_time(chosen)
    except MeetingError:
        raise DraftProblem(texts.MEETING_PROBLEM["odd time"]) from None
    return chosen


async def choose_pattern(repos: Repos, draft: MeetingDraft, value: int) -> MeetingDraft:
    if draft.purpose != PLAN or not 0 <= value < len(PLAN_PATTERNS):
        raise BadCallback("bad pattern")
    pattern = PLAN_PATTERNS[value]
    count = 1 if pattern == ONCE else None
    return await repos.meetings.update_draft(
        draft, pattern=pattern, count=count, first_date=None, picked=()
    )


async def browse(repos: Repos, draft: MeetingDraft, value: int, today: date) -> MeetingDraft:
    return await repos.meetings.update_draft(draft, month=_month_code(value, today))


async def tap_day(repos: Repos, draft: MeetingDraft, value: int, today: date) -> MeetingDraft:
    """A day on the calendar: the (first) date, or one more/less picked date."""
    if next_screen(draft) is not Screen.DATE:
        raise BadCallback("not choosing a date")
    tapped = _day(value, today)
    if draft.pattern != PICKED or draft.purpose != PLAN:
        return await repos.meetings.update_draft(draft, first_date=tapped)
    picked = set(draft.picked)
    if tapped in picked:
        picked.discard(tapped)
    elif len(picked) >= MAX_MEETINGS:
        raise DraftProblem(texts.TOO_MANY_PICKED)
    else:
        picked.add(tapped)
    return await repos.meetings.update_draft(draft, picked=tuple(sorted(picked)))


async def finish_picking(repos: Repos, draft: MeetingDraft) -> MeetingDraft:
    if draft.pattern != PICKED or next_screen(draft) is not Screen.DATE:
        raise BadCallback("not picking dates")
    if not draft.picked:
        raise DraftProblem(texts.NEED_A_DAY)
    return await repos.meetings.update_draft(
        draft, first_date=draft.picked[0], count=len(draft.picked)
    )


async def choose_time(repos: Repos, draft: MeetingDraft, value: int) -> MeetingDraft:
    if next_screen(draft) is not Screen.TIME:
        raise BadCallback("not choosing a time")
    return await repos.meetings.update_draft(draft, start_time=_time(value))


async def typed_time(repos: Repos, draft: MeetingDraft, start: time) -> MeetingDraft:
    try:
        check_start_time(start)
    except MeetingError:
        raise DraftProblem(texts.MEETING_PROBLEM["odd time"]) from None
    return await repos.meetings.update_draft(draft, start_time=start)


async def choose_count(repos: Repos, draft: MeetingDraft, value: int) -> MeetingDraft:
    if value not in texts.COUNT_CHOICES or next_screen(draft) is not Screen.COUNT:
        raise BadCallback("bad count")
    return await repos.meetings.update_draft(draft, count=value)


async def edit(repos: Repos, draft: MeetingDraft, value: int) -> MeetingDraft:
    """From the check screen: forget one answer, so its question is asked again."""
    try:
        field = EditField(value)
    except ValueError:
        raise BadCallback("bad field") from None
    if field is EditField.PATTERN and draft.purpose == PLAN:
        return await repos.meetings.update_draft(
            draft, pattern=None, first_date=None, picked=(), count=None, month=None
        )
    if field is EditField.DATE and draft.purpose in (PLAN, MOVE):
        count = None if draft.pattern == PICKED else draft.count
        return await repos.meetings.update_draft(draft, first_date=None, count=count)
    if field is EditField.TIME and draft.purpose in (PLAN, MOVE):
        return await repos.meetings.update_draft(draft, start_time=None)
    if field is EditField.VENUE and draft.purpose in (PLAN, VENUE):
        return await repos.meetings.update_draft(draft, venue_id=None)
    if field is EditField.COUNT and draft.pattern in (MONTHLY, EVERY_4, EVERY_2):
        return await repos.meetings.update_draft(draft, count=None)
    raise BadCallback("nothing to change there")


def is_series(draft: MeetingDraft) -> bool:
    return draft.pattern in (MONTHLY, EVERY_4, EVERY_2)


def picked_or_first(draft: MeetingDraft) -> list[date]:
    if draft.pattern == PICKED:
        return list(draft.picked)
    return [draft.first_date] if draft.first_date else []
