"""Dates and times people type: a valid date or time, or None (asked again) — never an error;
and whatever the bot itself writes (or a person copies from it) reads back the same."""

from __future__ import annotations

from datetime import date, time, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from bot.meetings.schedule import parse_typed_date, parse_typed_time
from tests.properties import ROUND_TRIPS

TODAY = date(2026, 11, 4)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Text as people type it: anything; or pieces of dates and times run together.
pieces = st.sampled_from(
    [*MONTHS, *WEEKDAYS, "st", "th", "pm", "a.m.", "noon", "/", ".", "-", ":", " ", ",", "²", "٣"]
)
typed = st.text(max_size=60) | st.lists(pieces | st.integers(-5, 100_000).map(str), max_size=8).map(
    "".join
)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31))


@given(text=typed, today=dates)
def test_any_typed_date_is_a_date_or_none(text: str, today: date) -> None:
    found = parse_typed_date(text, today=today)
    assert found is None or isinstance(found, date)


@given(text=typed)
def test_any_typed_time_is_a_time_or_none(text: str) -> None:
    found = parse_typed_time(text)
    assert found is None or (isinstance(found, time) and found.tzinfo is None)


@ROUND_TRIPS
@given(day=dates, style=st.integers(0, 4), spaces=st.sampled_from(["", " ", "  "]))
def test_dates_written_the_uk_way_read_back(day: date, style: int, spaces: str) -> None:
    written = [
        f"{day.day}/{day.month}/{day.year:04d}",
        f"{day.day:02d}-{day.month:02d}-{day.year:04d}",
        f"{day.day} {MONTHS[day.month - 1]} {day.year:04d}",
        f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1][:3]} {day.year:04d}",
        f"{day.day}th {MONTHS[day.month - 1].upper()} {day.year:04d}",
    ][style]
    assert parse_typed_date(f"{spaces}{written}{spaces}", today=TODAY) == day


@ROUND_TRIPS
@given(day=st.dates(min_value=TODAY, max_value=TODAY + timedelta(days=364)))
def test_a_date_without_a_year_is_the_next_one(day: date) -> None:
    """ "9 December" is the next 9 December from today on (this year's, or next year's)."""
    assume(not (day.month == 2 and day.day == 29))
    assert parse_typed_date(f"{day.day} {MONTHS[day.month - 1]}", today=TODAY) == day


@ROUND_TRIPS
@given(day=dates)
def test_a_wrong_weekday_is_refused_not_guessed(day: date) -> None:
    wrong = WEEKDAYS[(day.weekday() + 1) % 7]
    text = f"{wrong} {day.day} {MONTHS[day.month - 1]} {day.year:04d}"
    assert parse_typed_date(text, today=TODAY) is None


@ROUND_TRIPS
@given(moment=st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_times_read_back(moment: time) -> None:
    assert parse_typed_time(moment.strftime("%H:%M")) == moment
    assert parse_typed_time(moment.strftime("%H.%M")) == moment
    twelve = moment.strftime("%I:%M %p").lstrip("0")
    assert parse_typed_time(twelve) == moment
    assert parse_typed_time(twelve.lower().replace(" ", "")) == moment
