"""Dates and times in plain UK words."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.meetings.schedule import LAST, DateWarning, Pattern, SeriesSpec
from bot.meetings.texts import date_warning, pattern_words, series_summary
from bot.texts.dates import (
    clock,
    day_date,
    meeting_line,
    meeting_when,
    relative_day,
    time_range,
    when_opens,
)

LONDON = ZoneInfo("Europe/London")
HALF_TEN = time(10, 30)


def test_day_date_without_year_in_the_current_year() -> None:
    """A date this year reads "Tuesday 9 December"."""
    assert day_date(date(2025, 12, 9), today=date(2025, 11, 1)) == "Tuesday 9 December"


def test_day_date_adds_the_year_when_it_differs() -> None:
    """A date in another year carries its year."""
    assert day_date(date(2026, 1, 13), today=date(2025, 12, 1)) == "Tuesday 13 January 2026"


def test_day_date_without_today_leaves_the_year_out() -> None:
    """Without a today to compare with, the year is left out."""
    assert day_date(date(2026, 1, 13)) == "Tuesday 13 January"


def test_times_use_the_24_hour_clock_without_leading_zero() -> None:
    """Times read "9:00" and "14:30", and ranges use an en dash."""
    assert clock(time(9)) == "9:00"
    assert time_range(HALF_TEN, time(12)) == "10:30–12:00"
    assert time_range(time(14), time(15, 30)) == "14:00–15:30"


def test_meeting_when_in_winter() -> None:
    """A winter meeting at 10:30 UTC reads 10:30 local."""
    start = datetime(2025, 12, 9, 10, 30, tzinfo=UTC)
    when = meeting_when(start, start + timedelta(minutes=90), LONDON)
    assert when == "Tuesday 9 December, 10:30–12:00"


def test_meeting_line_in_summer_uses_local_time() -> None:
    """A summer meeting at 09:30 UTC reads 10:30 local, with its venue."""
    start = datetime(2026, 6, 9, 9, 30, tzinfo=UTC)
    line = meeting_line(
        start,
        start + timedelta(minutes=90),
        LONDON,
        "Lavenham Village Hall",
        today=date(2026, 1, 1),
    )
    assert line == "Tuesday 9 June, 10:30–12:00, Lavenham Village Hall"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 12, 9), "today"),
        (date(2025, 12, 10), "tomorrow"),
        (date(2025, 12, 8), "yesterday"),
        (date(2025, 12, 11), "on Thursday 11 December"),
        (date(2025, 12, 15), "on Monday 15 December"),
        (date(2025, 12, 16), "on Tuesday 16 December"),
        (date(2026, 1, 6), "on Tuesday 6 January 2026"),
    ],
)
def test_relative_day(day: date, expected: str) -> None:
    """Today, tomorrow and yesterday are named plainly; any other day comes with its date."""
    assert relative_day(day, date(2025, 12, 9)) == expected


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            SeriesSpec(Pattern.MONTHLY_NTH_WEEKDAY, date(2025, 12, 9), HALF_TEN),
            "the second Tuesday of each month",
        ),
        (
            SeriesSpec(Pattern.MONTHLY_NTH_WEEKDAY, date(2025, 12, 30), HALF_TEN),
            "the last Tuesday of each month",
        ),
        (
            SeriesSpec(
                Pattern.MONTHLY_NTH_WEEKDAY, date(2025, 12, 1), HALF_TEN, nth=LAST, weekday=3
            ),
            "the last Thursday of each month",
        ),
        (SeriesSpec(Pattern.EVERY_N_WEEKS, date(2025, 12, 9), HALF_TEN), "every 4 weeks"),
        (SeriesSpec(Pattern.EVERY_N_WEEKS, date(2025, 12, 9), HALF_TEN, weeks=1), "every week"),
        (SeriesSpec(Pattern.PICKED, date(2025, 12, 9), HALF_TEN), "on dates you picked"),
    ],
)
def test_pattern_words(spec: SeriesSpec, expected: str) -> None:
    """Each pattern is described the way a PSF would say it."""
    assert pattern_words(spec) == expected


def test_series_summary_counts_meetings() -> None:
    """A series summary says how many meetings and when; a one-off says just one."""
    spec = SeriesSpec(Pattern.MONTHLY_NTH_WEEKDAY, date(2025, 12, 9), HALF_TEN)
    assert series_summary(6, spec) == "6 meetings, the second Tuesday of each month"
    assert series_summary(1, spec) == "1 meeting"


NOW = datetime(2025, 12, 31, 12, 0, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (datetime(2025, 12, 31, 13, 30, tzinfo=UTC), "today at 13:30"),
        (datetime(2026, 1, 1, 9, 0, tzinfo=UTC), "tomorrow at 9:00"),
        (datetime(2026, 1, 5, 9, 0, tzinfo=UTC), "on Monday 5 January 2026 at 9:00"),
        (datetime(2026, 1, 6, 9, 0, tzinfo=UTC), "on Tuesday 6 January 2026 at 9:00"),
        (datetime(2026, 1, 7, 9, 0, tzinfo=UTC), "on Wednesday 7 January 2026 at 9:00"),
    ],
)
def test_when_opens(at: datetime, expected: str) -> None:
    """When a message will reach people is said relative to now."""
    assert when_opens(at, LONDON, NOW) == expected


def test_when_opens_uses_the_local_day() -> None:
    """Just after midnight BST (still the previous day in UTC), 9:00 that morning is "today"."""
    now = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    at = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert when_opens(at, LONDON, now) == "today at 9:00"


@pytest.mark.parametrize(
    ("warning", "expected"),
    [
        (
            DateWarning(date(2026, 12, 25), "bank_holiday", "Christmas Day"),
            "Friday 25 December is a bank holiday (Christmas Day). Venues may be closed.",
        ),
        (DateWarning(date(2026, 1, 6), "past", ""), "Tuesday 6 January is in the past."),
        (DateWarning(date(2026, 1, 10), "weekend", ""), "Saturday 10 January is a weekend."),
        (
            DateWarning(date(2026, 2, 10), "clash", "existing"),
            "Tuesday 10 February: the group already meets that day.",
        ),
        (
            DateWarning(date(2026, 2, 10), "clash", "repeated"),
            "Tuesday 10 February is in the list twice.",
        ),
    ],
)
def test_date_warning_sentences(warning: DateWarning, expected: str) -> None:
    """Each kind of date warning reads as one short sentence."""
    assert date_warning(warning, today=date(2026, 1, 1)) == expected
