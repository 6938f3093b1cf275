"""Calendar files for single meetings, read back with icalendar."""

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Component

from bot.meetings.calendar_files import ics_filename, meeting_ics, meeting_uid

LONDON = ZoneInfo("Europe/London")
STAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
# Tuesday 31 March 2026, 10:30 BST, just after the clock change.
SUMMER_START = datetime(2026, 3, 31, 9, 30, tzinfo=UTC)
NINETY_MINUTES = timedelta(minutes=90)


def make_ics(**overrides: Any) -> bytes:
    """A meeting's calendar file with sensible defaults, changed by `overrides`."""
    arguments: dict[str, Any] = {
        "uid": meeting_uid(42),
        "sequence": 0,
        "start": SUMMER_START,
        "end": SUMMER_START + NINETY_MINUTES,
        "summary": "Lavenham peer support group",
        "location": "Lavenham Village Hall, Church Street",
        "description": "Tea and biscuits; all welcome",
        "tz": LONDON,
        "stamp": STAMP,
    } | overrides
    return meeting_ics(**arguments)


def parse(ics: bytes) -> tuple[Calendar, Component]:
    """The calendar and its one event."""
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def sequence_of(event: Component) -> int:
    """The event's SEQUENCE as a plain number."""
    return int(event.decoded("SEQUENCE"))


def test_meeting_uid_is_stable() -> None:
    """A meeting's UID depends only on its id."""
    assert meeting_uid(42) == "meeting-42@peercircle"
    assert meeting_uid(42) == meeting_uid(42)


def test_ics_parses_back_with_uid_and_sequence() -> None:
    """The file parses with icalendar and carries the UID and SEQUENCE it was given."""
    calendar, event = parse(make_ics(sequence=3))
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == "meeting-42@peercircle"
    assert sequence_of(event) == 3
    assert str(event["STATUS"]) == "CONFIRMED"


def test_start_and_end_are_local_with_tzid_europe_london() -> None:
    """DTSTART and DTEND are 10:30 and 12:00 London time, with TZID and a VTIMEZONE."""
    ics = make_ics()
    calendar, event = parse(ics)
    assert b"DTSTART;TZID=Europe/London:20260331T103000" in ics
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.time() == time(10, 30)
    assert end.time() == time(12, 0)
    assert start == SUMMER_START
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_winter_meeting_is_also_half_ten_local() -> None:
    """A winter meeting at 10:30 UTC is written as 10:30 London time too."""
    winter_start = datetime(2026, 1, 13, 10, 30, tzinfo=UTC)
    ics = make_ics(start=winter_start, end=winter_start + NINETY_MINUTES)
    assert b"DTSTART;TZID=Europe/London:20260113T103000" in ics


def test_text_fields_round_trip() -> None:
    """Summary, location and description survive commas and semicolons."""
    _, event = parse(make_ics())
    assert str(event["SUMMARY"]) == "Lavenham peer support group"
    assert str(event["LOCATION"]) == "Lavenham Village Hall, Church Street"
    assert str(event["DESCRIPTION"]) == "Tea and biscuits; all welcome"


def test_dtstamp_is_the_given_stamp_in_utc() -> None:
    """DTSTAMP is the stamp the caller passed, written in UTC."""
    ics = make_ics(stamp=datetime(2026, 3, 1, 13, 0, tzinfo=LONDON))
    _, event = parse(ics)
    assert event.decoded("DTSTAMP") == datetime(2026, 3, 1, 13, 0, tzinfo=UTC)
    assert b"DTSTAMP:20260301T130000Z" in ics


def test_same_inputs_give_the_same_bytes() -> None:
    """The file depends only on its arguments, never on the clock."""
    assert make_ics() == make_ics()


def test_changed_meeting_keeps_uid_and_raises_sequence() -> None:
    """A moved meeting has the same UID and a higher SEQUENCE, so calendars update it."""
    moved_start = SUMMER_START + timedelta(days=7)
    _, before = parse(make_ics(sequence=0))
    _, after = parse(make_ics(sequence=1, start=moved_start, end=moved_start + NINETY_MINUTES))
    assert str(before["UID"]) == str(after["UID"])
    assert sequence_of(after) > sequence_of(before)


def test_cancelled_meeting() -> None:
    """A cancelled meeting is METHOD:CANCEL with STATUS:CANCELLED and the same UID."""
    calendar, event = parse(make_ics(sequence=2, cancelled=True))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == "meeting-42@peercircle"
    assert sequence_of(event) == 2


@pytest.mark.parametrize(
    "bad",
    [
        {"start": datetime(2026, 3, 31, 10, 30)},  # noqa: DTZ001
        {"end": SUMMER_START - NINETY_MINUTES},
        {"sequence": -1},
    ],
)
def test_impossible_meetings_are_refused(bad: dict[str, Any]) -> None:
    """A naive start, an end before the start or a negative sequence is refused."""
    with pytest.raises(ValueError):
        make_ics(**bad)


def test_ics_filename_uses_the_group_and_local_date() -> None:
    """The file name is the group and the meeting's local date, safe for any phone."""
    late_evening = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # already 1 July in London
    assert ics_filename("Lavenham Circle", late_evening, LONDON) == "Lavenham Circle 1 Jul.ics"
    odd = ics_filename('Bures/Nayland: "Tea"', late_evening, LONDON)
    assert odd == "Bures Nayland Tea 1 Jul.ics"
    assert ics_filename("???", late_evening, LONDON) == "Meeting 1 Jul.ics"
