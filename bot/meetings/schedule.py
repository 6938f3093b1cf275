"""Meeting series and the time arithmetic around them: pure functions, no clock, no I/O.

Meetings are planned in local wall-clock time (a group meets at 10:30 in Lavenham whatever the
season) and stored as UTC instants. Every conversion between the two goes through
`local_to_utc`, so the clock change is handled in one place.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

DEFAULT_COUNT = 6
DEFAULT_LENGTH = timedelta(minutes=90)
QUIET_START = time(21)
QUIET_END = time(8)
LAST = -1  # `nth` value meaning "the last <weekday> of the month"

_ONE_DAY = timedelta(days=1)
_ONE_WEEK = timedelta(weeks=1)


class Pattern(StrEnum):
    """How the dates of a series are chosen."""

    MONTHLY_NTH_WEEKDAY = "nth"
    EVERY_N_WEEKS = "weeks"
    PICKED = "picked"


@dataclass(frozen=True)
class SeriesSpec:
    """What a PSF chose when planning a series; `series_dates` turns it into dates.

    A one-off meeting is any spec with count=1 (or PICKED with one date).
    MONTHLY_NTH_WEEKDAY takes `nth`/`weekday` from `first_date` when they are None
    ("second Tuesday"); nth=-1 means "last". PICKED uses `first_date` plus `picked`, sorted,
    without duplicates, and ignores `count`.
    """

    pattern: Pattern
    first_date: date
    start_time: time
    count: int = DEFAULT_COUNT
    length: timedelta = DEFAULT_LENGTH
    weeks: int = 4
    nth: int | None = None
    weekday: int | None = None
    picked: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError("a series needs at least one meeting")
        if self.length <= timedelta(0):
            raise ValueError("a meeting must last some time")
        if self.weeks < 1:
            raise ValueError("weeks must be at least 1")
        if self.nth is not None and self.nth not in (1, 2, 3, 4, LAST):
            raise ValueError("nth must be 1-4 or -1 (last)")
        if self.weekday is not None and not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")


def nth_weekday_of(d: date) -> tuple[int, int]:
    """(nth, weekday) of a date: 9 Dec 2025 -> (2, 1), "the second Tuesday".

    A fifth weekday becomes "last" (-1), because most months have no fifth one.
    """
    nth = (d.day - 1) // 7 + 1
    return (LAST if nth == 5 else nth), d.weekday()


def is_last_weekday_of_month(d: date) -> bool:
    """True when no later day of the month has the same weekday (so "last" also fits)."""
    return d.day + 7 > calendar.monthrange(d.year, d.month)[1]


def nth_weekday_in_month(year: int, month: int, nth: int, weekday: int) -> date:
    """The nth (or last, nth=-1) given weekday of a month."""
    days_in_month = calendar.monthrange(year, month)[1]
    if nth == LAST:
        last_day = date(year, month, days_in_month)
        return last_day - timedelta(days=(last_day.weekday() - weekday) % 7)
    first_day = date(year, month, 1)
    first_match = first_day + timedelta(days=(weekday - first_day.weekday()) % 7)
    return first_match + timedelta(weeks=nth - 1)


def series_dates(spec: SeriesSpec) -> list[date]:
    """The meeting dates a spec describes, earliest first."""
    if spec.pattern is Pattern.PICKED:
        return sorted({spec.first_date, *spec.picked})
    if spec.pattern is Pattern.EVERY_N_WEEKS:
        return [spec.first_date + i * spec.weeks * _ONE_WEEK for i in range(spec.count)]
    return _monthly_dates(spec)


def _monthly_dates(spec: SeriesSpec) -> list[date]:
    derived_nth, derived_weekday = nth_weekday_of(spec.first_date)
    nth = derived_nth if spec.nth is None else spec.nth
    weekday = derived_weekday if spec.weekday is None else spec.weekday
    year, month = spec.first_date.year, spec.first_date.month
    dates: list[date] = []
    while len(dates) < spec.count:
        candidate = nth_weekday_in_month(year, month, nth, weekday)
        # An explicit nth/weekday may fall before first_date in the first month: skip it.
        if candidate >= spec.first_date:
            dates.append(candidate)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def local_to_utc(d: date, t: time, tz: ZoneInfo) -> datetime:
    """Wall-clock time in `tz` on day `d` as an aware UTC datetime.

    The clock-change hours follow Python's fold=0 rule: a time that does not exist (01:30 on the
    last Sunday of March in London) lands one hour later on the wall clock (02:30 BST); a time
    that happens twice (01:30 on the last Sunday of October) means the first, earlier one.
    """
    local = datetime.combine(d, t.replace(tzinfo=None, fold=0), tzinfo=tz)
    return local.astimezone(UTC)


def meeting_instants(
    dates: Sequence[date], start_time: time, length: timedelta, tz: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """UTC (start, end) of each meeting; the length is real elapsed time."""
    instants = []
    for day in dates:
        start = local_to_utc(day, start_time, tz)
        instants.append((start, start + length))
    return instants


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _in_quiet_hours(clock: time, quiet_start: time, quiet_end: time) -> bool:
    """Quiet hours run from quiet_start (included) to quiet_end (excluded), maybe past midnight."""
    if quiet_start == quiet_end:
        return False
    if quiet_start > quiet_end:
        return clock >= quiet_start or clock < quiet_end
    return quiet_start <= clock < quiet_end


def shift_out_of_quiet_hours(
    due: datetime,
    tz: ZoneInfo,
    *,
    quiet_start: time = QUIET_START,
    quiet_end: time = QUIET_END,
) -> datetime:
    """`due` unchanged (in UTC) if outside quiet hours, else the local quiet_end that ends them.

    With the defaults, 22:15 moves to 08:00 the next morning and 06:00 to 08:00 the same day.
    """
    _require_aware(due, "due")
    local = due.astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    if not _in_quiet_hours(clock, quiet_start, quiet_end):
        return due.astimezone(UTC)
    wakes_tomorrow = quiet_start > quiet_end and clock >= quiet_start
    wake_day = local.date() + _ONE_DAY if wakes_tomorrow else local.date()
    return local_to_utc(wake_day, quiet_end, tz)


def _quiet_period_began(moment: datetime, tz: ZoneInfo, quiet_start: time) -> datetime:
    """The UTC instant the quiet period containing `moment` started."""
    local = moment.astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    began_yesterday = clock < quiet_start
    start_day = local.date() - _ONE_DAY if began_yesterday else local.date()
    return local_to_utc(start_day, quiet_start, tz)


def reminder_due(
    meeting_start: datetime,
    offset: timedelta,
    tz: ZoneInfo,
    *,
    quiet_start: time = QUIET_START,
    quiet_end: time = QUIET_END,
) -> datetime:
    """When a reminder sent `offset` before a meeting is due, in UTC.

    Whole days count on the local wall clock (7 days before a 10:30 meeting is 10:30 local,
    even across the clock change); any remainder is real elapsed time. A due time in quiet hours
    moves to the morning. If the morning would be after the meeting has started (a meeting that
    itself starts in quiet hours), the reminder goes one minute before the quiet hours began.
    """
    _require_aware(meeting_start, "meeting_start")
    if offset < timedelta(0):
        raise ValueError("a reminder comes before the meeting")
    local_start = meeting_start.astimezone(tz)
    whole_days = timedelta(days=offset.days)
    wall_clock_day = local_start.date() - whole_days
    due = local_to_utc(wall_clock_day, local_start.time(), tz) - (offset - whole_days)
    shifted = shift_out_of_quiet_hours(due, tz, quiet_start=quiet_start, quiet_end=quiet_end)
    if shifted <= meeting_start:
        return shifted
    return _quiet_period_began(due, tz, quiet_start) - timedelta(minutes=1)


WarningKind = Literal["bank_holiday", "clash", "past", "weekend"]


@dataclass(frozen=True)
class DateWarning:
    """Something a PSF should know about a planned date before saving it.

    `detail` is data for the text layer, not a sentence: the holiday's name for a bank holiday,
    "existing" or "repeated" for a clash, "" otherwise.
    """

    day: date
    kind: WarningKind
    detail: str


def check_dates(
    dates: Sequence[date],
    *,
    existing: Collection[date],
    today: date,
    country: str = "GB",
    subdivision: str | None = "ENG",
) -> list[DateWarning]:
    """Warnings for planned dates: in the past, bank holidays, weekends, and clashes.

    A clash is a date the group already meets on (`existing`) or one that appears twice in
    `dates`; the repeat is reported once. Warnings come in date order.
    """
    years = sorted({day.year for day in dates})
    bank_holidays = holidays.country_holidays(country, subdiv=subdivision, years=years)
    existing_days = set(existing)
    times_planned = Counter(dates)
    seen: set[date] = set()
    warnings: list[DateWarning] = []
    for day in sorted(dates):
        if day in seen:
            continue  # the first occurrence already carries this day's warnings
        if day < today:
            warnings.append(DateWarning(day, "past", ""))
        holiday_name = bank_holidays.get(day)
        if holiday_name:
            warnings.append(DateWarning(day, "bank_holiday", str(holiday_name)))
        if day.weekday() >= 5:
            warnings.append(DateWarning(day, "weekend", ""))
        if day in existing_days:
            warnings.append(DateWarning(day, "clash", "existing"))
        if times_planned[day] > 1:
            warnings.append(DateWarning(day, "clash", "repeated"))
        seen.add(day)
    return warnings


def calendar_month(year: int, month: int) -> list[list[date | None]]:
    """Weeks of a month, Monday first, None for days of the neighbouring months."""
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdayscalendar(year, month)
    return [[date(year, month, day) if day else None for day in week] for week in weeks]


# Typed input. Names are spelt out rather than taken from `calendar`, whose names follow the
# process locale: the parser reads what UK users type, wherever the bot runs.
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    {name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
    | {name[:3].lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
    | {"sept": 9}
)
_WEEKDAYS = (
    {name.lower(): number for number, name in enumerate(_WEEKDAY_NAMES)}
    | {name[:3].lower(): number for number, name in enumerate(_WEEKDAY_NAMES)}
    | {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
)

_MAX_TYPED_LENGTH = 40  # longer than any real date or time; spares the regexes a 5,000-char paste
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_WORDED_DATE = re.compile(
    r"(?:([a-z]+),?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)(?:,?\s+(\d{4}))?"
)
_NEXT_OCCURRENCE_YEARS = 8  # enough to reach the next 29 February


def parse_typed_date(text: str, *, today: date) -> date | None:
    """A date typed the UK way, or None; never guesses.

    Accepts "9/12/2025", "09-12-2025", "9.12.2025", "9 December 2025", "9th Dec 2025",
    "Tuesday 9 December 2025" and, without a year, "9 December" or "Tuesday 9 December" as the
    next such day from `today` on. A weekday must match the date. Month-first (US) order,
    two-digit years, impossible dates and words like "next week" give None.
    """
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned or len(cleaned) > _MAX_TYPED_LENGTH:
        return None
    if numeric := _NUMERIC_DATE.fullmatch(cleaned):
        day, _, month, year = numeric.groups()
        return _valid_date(int(year), int(month), int(day))
    if worded := _WORDED_DATE.fullmatch(cleaned):
        return _worded_date(*worded.groups(), today=today)
    return None


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _worded_date(
    weekday_word: str | None, day_text: str, month_word: str, year_text: str | None, *, today: date
) -> date | None:
    month = _MONTHS.get(month_word)
    if month is None:
        return None
    weekday = None
    if weekday_word is not None:
        weekday = _WEEKDAYS.get(weekday_word)
        if weekday is None:
            return None
    day = int(day_text)
    if year_text is not None:
        found = _valid_date(int(year_text), month, day)
    else:
        found = _next_occurrence(month, day, today)
    if found is None or (weekday is not None and found.weekday() != weekday):
        return None
    return found


def _next_occurrence(month: int, day: int, today: date) -> date | None:
    for year in range(today.year, today.year + _NEXT_OCCURRENCE_YEARS):
        candidate = _valid_date(year, month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


_CLOCK_24H = re.compile(r"(\d{1,2})[:.](\d{2})")
_CLOCK_12H = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?")
_MIDDAY_WORDS = {"noon", "midday", "12 noon"}


def parse_typed_time(text: str) -> time | None:
    """A time typed the usual UK ways, or None.

    Accepts "10:30", "10.30", "14:00", "2pm", "2:15 pm", "2.15p.m.", "noon". A bare "10" or
    "1030" is refused rather than guessed.
    """
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned or len(cleaned) > _MAX_TYPED_LENGTH:
        return None
    if cleaned in _MIDDAY_WORDS:
        return time(12)
    if clock := _CLOCK_24H.fullmatch(cleaned):
        hour, minute = int(clock.group(1)), int(clock.group(2))
        return time(hour, minute) if hour < 24 and minute < 60 else None
    if clock := _CLOCK_12H.fullmatch(cleaned):
        hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
        if not 1 <= hour <= 12 or minute >= 60:
            return None
        hour %= 12  # 12am is midnight, 12pm is noon
        return time(hour + 12 if clock.group(3) == "p" else hour, minute)
    return None
