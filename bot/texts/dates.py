"""Dates and times in plain UK words: "Tuesday 9 December, 10:30–12:00, Lavenham Village Hall".

One style everywhere: 24-hour clock without a leading zero on the hour ("9:00", "14:30"),
an en dash between times, the year only when it is not this year. A day more than a day away
always comes with its date ("on Tuesday 29 December"), never a weekday alone. This module is the
one place times and dates are written; month names are spelt out here, never from the locale.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

# Spelt out rather than taken from `calendar` or strftime, which follow the process locale.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

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
    """ "today", "tomorrow", "yesterday", else the day with its date: "on Tuesday 9 December"."""
    days_ahead = (d - today).days
    if days_ahead == 0:
        return "today"
    if days_ahead == 1:
        return "tomorrow"
    if days_ahead == -1:
        return "yesterday"
    return f"on {day_date(d, today=today)}"


def when_opens(at: datetime, tz: ZoneInfo, now: datetime) -> str:
    """When something will happen, seen from `now`: "today at 13:30", "on Monday at 9:00"."""
    local_at, local_now = at.astimezone(tz), now.astimezone(tz)
    return f"{relative_day(local_at.date(), local_now.date())} at {clock(local_at.time())}"
