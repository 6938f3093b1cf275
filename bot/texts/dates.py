"""Dates and times in plain UK words: "Tuesday 9 December, 10:30–12:00, Lavenham Village Hall".

One style everywhere: 24-hour clock without a leading zero on the hour ("9:00", "14:30"),
an en dash between times, the year only when it is not this year.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.meetings.schedule import LAST, DateWarning, Pattern, SeriesSpec, nth_weekday_of

# Spelt out rather than taken from `calendar` or strftime, which follow the process locale.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", LAST: "last"}

# The printable slip (bot/meetings/slips.py) of a group's next meetings.
SLIP_HEADING = "Our next meetings"
SLIP_VENUE_FOR_ALL = "All at {venue}"


def clock(t: time) -> str:
    """A time of day: "9:00", "14:30"."""
    return f"{t.hour}:{t.minute:02d}"


def day_date(d: date, *, today: date | None = None) -> str:
    """ "Tuesday 9 December", with the year added when `today` is in another year."""
    words = f"{WEEKDAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]}"
    if today is not None and d.year != today.year:
        words += f" {d.year}"
    return words


def time_range(start: time, end: time) -> str:
    """ "10:30–12:00"."""
    return f"{clock(start)}–{clock(end)}"


def meeting_when(start: datetime, end: datetime, tz: ZoneInfo, *, today: date | None = None) -> str:
    """ "Tuesday 9 December, 10:30–12:00", in local time."""
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    day = day_date(local_start.date(), today=today)
    return f"{day}, {time_range(local_start.time(), local_end.time())}"


def meeting_line(
    start: datetime, end: datetime, tz: ZoneInfo, venue: str, *, today: date | None = None
) -> str:
    """ "Tuesday 9 December, 10:30–12:00, Lavenham Village Hall"."""
    return f"{meeting_when(start, end, tz, today=today)}, {venue}"


def relative_day(d: date, today: date) -> str:
    """ "today", "tomorrow", "on Monday" within the coming week, else "on Tuesday 9 December"."""
    days_ahead = (d - today).days
    if days_ahead == 0:
        return "today"
    if days_ahead == 1:
        return "tomorrow"
    if days_ahead == -1:
        return "yesterday"
    if 1 < days_ahead < 7:
        return f"on {WEEKDAY_NAMES[d.weekday()]}"
    return f"on {day_date(d, today=today)}"


def pattern_words(spec: SeriesSpec) -> str:
    """ "the second Tuesday of each month", "every 4 weeks", "on dates you picked"."""
    if spec.pattern is Pattern.PICKED:
        return "on dates you picked"
    if spec.pattern is Pattern.EVERY_N_WEEKS:
        return "every week" if spec.weeks == 1 else f"every {spec.weeks} weeks"
    derived_nth, derived_weekday = nth_weekday_of(spec.first_date)
    nth = derived_nth if spec.nth is None else spec.nth
    weekday = derived_weekday if spec.weekday is None else spec.weekday
    return f"the {ORDINAL_WORDS[nth]} {WEEKDAY_NAMES[weekday]} of each month"


def when_opens(at: datetime, tz: ZoneInfo, now: datetime) -> str:
    """When something will happen, seen from `now`: "today at 13:30", "on Monday at 9:00"."""
    local_at, local_now = at.astimezone(tz), now.astimezone(tz)
    return f"{relative_day(local_at.date(), local_now.date())} at {clock(local_at.time())}"


def series_summary(count: int, spec: SeriesSpec) -> str:
    """ "6 meetings, the second Tuesday of each month" (or "1 meeting" for a one-off)."""
    if count == 1:
        return "1 meeting"
    return f"{count} meetings, {pattern_words(spec)}"


def date_warning(warning: DateWarning, *, today: date | None = None) -> str:
    """One warning about a planned date, as a short sentence for the PSF to read before saving."""
    day = day_date(warning.day, today=today)
    if warning.kind == "bank_holiday":
        return f"{day} is a bank holiday ({warning.detail}). Venues may be closed."
    if warning.kind == "past":
        return f"{day} is in the past."
    if warning.kind == "weekend":
        return f"{day} is a weekend."
    if warning.detail == "repeated":
        return f"{day} is in the list twice."
    return f"{day}: the group already meets that day."
