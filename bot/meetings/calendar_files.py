"""Calendar files (.ics) for single meetings, so peers can add them to their phone's calendar.

Each meeting keeps one UID for life; the caller raises SEQUENCE whenever the meeting changes,
so a calendar that imports the new file updates the event instead of adding a second one.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from bot.texts.dates import MONTH_NAMES

PRODUCT_ID = "-//Peer Circle//Meeting calendar//EN"
UID_DOMAIN = "peercircle"
# VTIMEZONE rules only need to cover the meeting; a year each side keeps the file small.
_TIMEZONE_MARGIN = timedelta(days=366)


def meeting_uid(meeting_id: int) -> str:
    """The stable UID of a meeting, e.g. "meeting-42@peercircle"."""
    return f"meeting-{meeting_id}@{UID_DOMAIN}"


def ics_filename(group: str, start: datetime, tz: ZoneInfo) -> str:
    """A friendly file name: the group and local date, "Lavenham Circle 9 Dec.ics"."""
    day = start.astimezone(tz).date()
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", group)
    name = " ".join(name.split())[:40].strip() or "Meeting"
    return f"{name} {day.day} {MONTH_NAMES[day.month - 1][:3]}.ics"


def meeting_ics(
    *,
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    summary: str,
    location: str,
    description: str,
    tz: ZoneInfo,
    stamp: datetime,
    cancelled: bool = False,
) -> bytes:
    """One meeting as an iCalendar file: METHOD:PUBLISH, or METHOD:CANCEL when cancelled.

    Start and end are written as local times with a TZID and a matching VTIMEZONE, so the
    event stays at 10:30 in the calendar whatever the season. `stamp` (DTSTAMP) is when the
    file was made, passed in because the core never reads the clock.
    """
    for name, moment in (("start", start), ("end", end), ("stamp", stamp)):
        if moment.tzinfo is None:
            raise ValueError(f"{name} must be timezone-aware")
    if end <= start:
        raise ValueError("a meeting must end after it starts")
    if sequence < 0:
        raise ValueError("sequence cannot be negative")

    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", start.astimezone(tz))
    event.add("dtend", end.astimezone(tz))
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    calendar.add_component(event)
    local_start = start.astimezone(tz).date()
    calendar.add_missing_timezones(
        first_date=local_start - _TIMEZONE_MARGIN,
        last_date=local_start + _TIMEZONE_MARGIN,
    )
    return calendar.to_ical()
