"""Series patterns, clock-change arithmetic, quiet hours, date checks and strict typed input."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.meetings.schedule import (
    LAST,
    DateWarning,
    Pattern,
    SeriesSpec,
    calendar_month,
    check_dates,
    is_last_weekday_of_month,
    local_to_utc,
    meeting_instants,
    nth_weekday_of,
    parse_typed_date,
    parse_typed_time,
    reminder_due,
    series_dates,
    shift_out_of_quiet_hours,
)

LONDON = ZoneInfo("Europe/London")
HALF_TEN = time(10, 30)
NINETY_MINUTES = timedelta(minutes=90)


def london(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """An aware London wall-clock time, for readable expectations."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


# Series patterns


def test_second_tuesday_series_from_9_december_2025() -> None:
    """A series started on Tuesday 9 December 2025 falls on the second Tuesday of six months."""
    spec = SeriesSpec(Pattern.MONTHLY_NTH_WEEKDAY, date(2025, 12, 9), HALF_TEN)
    assert series_dates(spec) == [
        date(2025, 12, 9),
        date(2026, 1, 13),
        date(2026, 2, 10),
        date(2026, 3, 10),
        date(2026, 4, 14),
        date(2026, 5, 12),
    ]


def test_nth_weekday_of_names_the_second_tuesday() -> None:
    """9 December 2025 is the second Tuesday (weekday 1) of its month."""
    assert nth_weekday_of(date(2025, 12, 9)) == (2, 1)


def test_last_thursday_series() -> None:
    """ "Last Thursday" picks the final Thursday of each month, whatever its day number."""
    spec = SeriesSpec(
        Pattern.MONTHLY_NTH_WEEKDAY, date(2025, 12, 1), HALF_TEN, count=4, nth=LAST, weekday=3
    )
    assert series_dates(spec) == [
        date(2025, 12, 25),
        date(2026, 1, 29),
        date(2026, 2, 26),
        date(2026, 3, 26),
    ]


def test_fifth_weekday_falls_back_to_last() -> None:
    """A series started on a fifth Tuesday continues on the last Tuesday of each month."""
    assert nth_weekday_of(date(2025, 12, 30)) == (LAST, 1)
    spec = SeriesSpec(Pattern.MONTHLY_NTH_WEEKDAY, date(2025, 12, 30), HALF_TEN, count=4)
    assert series_dates(spec) == [
        date(2025, 12, 30),
        date(2026, 1, 27),
        date(2026, 2, 24),
        date(2026, 3, 31),
    ]


def test_fourth_weekday_that_is_also_last_stays_fourth() -> None:
    """A fourth Friday that is also the last keeps meaning "fourth", and says "last" would fit."""
    assert nth_weekday_of(date(2025, 11, 28)) == (4, 4)
    assert is_last_weekday_of_month(date(2025, 11, 28))
    assert not is_last_weekday_of_month(date(2025, 12, 9))


def test_explicit_nth_before_first_date_starts_next_month() -> None:
    """An explicit "second Tuesday" chosen after that day has passed starts the month after."""
    spec = SeriesSpec(
        Pattern.MONTHLY_NTH_WEEKDAY, date(2025, 12, 20), HALF_TEN, count=2, nth=2, weekday=1
    )
    assert series_dates(spec) == [date(2026, 1, 13), date(2026, 2, 10)]


def test_every_four_weeks() -> None:
    """An every-4-weeks series steps 28 days at a time from the first date."""
    spec = SeriesSpec(Pattern.EVERY_N_WEEKS, date(2025, 12, 9), HALF_TEN, count=4, weeks=4)
    assert series_dates(spec) == [
        date(2025, 12, 9),
        date(2026, 1, 6),
        date(2026, 2, 3),
        date(2026, 3, 3),
    ]


def test_picked_dates_are_sorted_without_repeats() -> None:
    """Picked dates come back sorted, once each, with the first date included."""
    spec = SeriesSpec(
        Pattern.PICKED,
        date(2026, 1, 6),
        HALF_TEN,
        picked=(date(2026, 3, 3), date(2026, 2, 3), date(2026, 3, 3)),
    )
    assert series_dates(spec) == [date(2026, 1, 6), date(2026, 2, 3), date(2026, 3, 3)]


def test_one_off_meeting_is_a_series_of_one() -> None:
    """A one-off meeting is a spec with count=1 and gives just its date."""
    spec = SeriesSpec(Pattern.MONTHLY_NTH_WEEKDAY, date(2026, 2, 10), HALF_TEN, count=1)
    assert series_dates(spec) == [date(2026, 2, 10)]


@pytest.mark.parametrize(
    "bad",
    [{"count": 0}, {"weeks": 0}, {"nth": 5}, {"weekday": 7}, {"length": timedelta(0)}],
)
def test_impossible_specs_are_refused(bad: dict[str, object]) -> None:
    """A spec with no meetings, a zero step, a fifth nth or a weekday past Sunday is refused."""
    with pytest.raises(ValueError):
        SeriesSpec(Pattern.EVERY_N_WEEKS, date(2026, 1, 6), HALF_TEN, **bad)  # type: ignore[arg-type]


# Clock change


def test_series_stays_at_half_ten_across_the_march_clock_change() -> None:
    """Meetings at 10:30 either side of 29 March 2026 stay 10:30 local; UTC moves an hour."""
    spec = SeriesSpec(Pattern.EVERY_N_WEEKS, date(2026, 3, 22), HALF_TEN, count=3, weeks=1)
    instants = meeting_instants(series_dates(spec), HALF_TEN, NINETY_MINUTES, LONDON)
    starts = [start for start, _ in instants]
    assert starts == [
        datetime(2026, 3, 22, 10, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 9, 30, tzinfo=UTC),  # the last Sunday of March itself
        datetime(2026, 4, 5, 9, 30, tzinfo=UTC),
    ]
    assert all(start.astimezone(LONDON).time() == HALF_TEN for start in starts)


def test_series_stays_at_half_ten_across_the_october_clock_change() -> None:
    """Meetings at 10:30 either side of 25 October 2026 stay 10:30 local; UTC moves back."""
    spec = SeriesSpec(Pattern.EVERY_N_WEEKS, date(2026, 10, 18), HALF_TEN, count=3, weeks=1)
    instants = meeting_instants(series_dates(spec), HALF_TEN, NINETY_MINUTES, LONDON)
    starts = [start for start, _ in instants]
    assert starts == [
        datetime(2026, 10, 18, 9, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 10, 30, tzinfo=UTC),  # the last Sunday of October itself
        datetime(2026, 11, 1, 10, 30, tzinfo=UTC),
    ]
    assert all(start.astimezone(LONDON).time() == HALF_TEN for start in starts)


def test_meeting_end_is_ninety_minutes_after_start() -> None:
    """Each meeting's end is its length after its start, as UTC-aware datetimes."""
    [(start, end)] = meeting_instants([date(2026, 6, 9)], HALF_TEN, NINETY_MINUTES, LONDON)
    assert end - start == NINETY_MINUTES
    assert start.tzinfo is UTC
    assert end.astimezone(LONDON).time() == time(12, 0)


def test_nonexistent_local_time_moves_forward() -> None:
    """01:30 on the morning the clocks go forward, which never shows, becomes 02:30 BST."""
    instant = local_to_utc(date(2026, 3, 29), time(1, 30), LONDON)
    assert instant == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert instant.astimezone(LONDON).time() == time(2, 30)


def test_ambiguous_local_time_takes_the_first() -> None:
    """01:30 on the morning the clocks go back, which shows twice, means the first (BST) one."""
    instant = local_to_utc(date(2026, 10, 25), time(1, 30), LONDON)
    assert instant == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


# Reminders and quiet hours


def test_week_before_reminder_across_march_change_is_half_ten_local() -> None:
    """A 7-day reminder for a 10:30 meeting just after the clock change is due at 10:30 GMT."""
    meeting = local_to_utc(date(2026, 3, 31), HALF_TEN, LONDON)
    due = reminder_due(meeting, timedelta(days=7), LONDON)
    assert due.astimezone(LONDON) == london(2026, 3, 24, 10, 30)
    assert meeting - due == timedelta(days=7) - timedelta(hours=1)


def test_week_before_reminder_across_october_change_is_half_ten_local() -> None:
    """A 7-day reminder for a 10:30 meeting just after October's change is due at 10:30 BST."""
    meeting = local_to_utc(date(2026, 10, 27), HALF_TEN, LONDON)
    due = reminder_due(meeting, timedelta(days=7), LONDON)
    assert due.astimezone(LONDON) == london(2026, 10, 20, 10, 30)


def test_day_before_reminder_for_nine_oclock_meeting_is_nine_the_day_before() -> None:
    """A 1-day reminder for a 09:00 meeting is due at 09:00 the day before, untouched."""
    meeting = local_to_utc(date(2026, 2, 10), time(9), LONDON)
    due = reminder_due(meeting, timedelta(days=1), LONDON)
    assert due.astimezone(LONDON) == london(2026, 2, 9, 9)


def test_reminder_landing_at_quarter_past_ten_at_night_goes_at_eight() -> None:
    """A reminder that would land at 22:15 goes at 08:00 the next morning instead."""
    meeting = local_to_utc(date(2026, 2, 10), HALF_TEN, LONDON)
    due = reminder_due(meeting, timedelta(hours=12, minutes=15), LONDON)
    assert due.astimezone(LONDON) == london(2026, 2, 10, 8)


def test_reminder_is_never_after_the_meeting_start() -> None:
    """For a 07:30 meeting the morning is too late, so the reminder goes the evening before."""
    meeting = local_to_utc(date(2026, 2, 10), time(7, 30), LONDON)
    due = reminder_due(meeting, timedelta(hours=1), LONDON)
    assert due <= meeting
    assert due.astimezone(LONDON) == london(2026, 2, 9, 20, 59)


def test_reminder_at_zero_offset_is_the_meeting_start() -> None:
    """A reminder with no offset, outside quiet hours, is due exactly at the meeting start."""
    meeting = local_to_utc(date(2026, 2, 10), HALF_TEN, LONDON)
    assert reminder_due(meeting, timedelta(0), LONDON) == meeting


def test_negative_reminder_offset_is_refused() -> None:
    """A reminder cannot be set for after the meeting."""
    meeting = local_to_utc(date(2026, 2, 10), HALF_TEN, LONDON)
    with pytest.raises(ValueError):
        reminder_due(meeting, timedelta(hours=-1), LONDON)


@pytest.mark.parametrize(
    ("local_due", "expected"),
    [
        (london(2026, 2, 9, 22, 15), london(2026, 2, 10, 8)),
        (london(2026, 2, 9, 21), london(2026, 2, 10, 8)),
        (london(2026, 2, 10, 6), london(2026, 2, 10, 8)),
        (london(2026, 2, 10, 0, 1), london(2026, 2, 10, 8)),
        (london(2026, 2, 10, 8), london(2026, 2, 10, 8)),
        (london(2026, 2, 9, 20, 59), london(2026, 2, 9, 20, 59)),
        (london(2026, 2, 10, 13, 30), london(2026, 2, 10, 13, 30)),
    ],
)
def test_shift_out_of_quiet_hours(local_due: datetime, expected: datetime) -> None:
    """Quiet hours run from 21:00 (included) to 08:00 (not included), and end at 08:00."""
    shifted = shift_out_of_quiet_hours(local_due.astimezone(UTC), LONDON)
    assert shifted == expected
    assert shifted.tzinfo is UTC


def test_quiet_hours_end_at_eight_local_on_the_clock_change_morning() -> None:
    """A reminder at 22:15 the night before the clocks go forward goes at 08:00 BST."""
    shifted = shift_out_of_quiet_hours(london(2026, 3, 28, 22, 15), LONDON)
    assert shifted == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)


def test_custom_daytime_quiet_hours() -> None:
    """Quiet hours that do not cross midnight end the same day."""
    shifted = shift_out_of_quiet_hours(
        london(2026, 2, 10, 13, 15), LONDON, quiet_start=time(13), quiet_end=time(14)
    )
    assert shifted.astimezone(LONDON) == london(2026, 2, 10, 14)


def test_naive_due_time_is_refused() -> None:
    """A due time without a time zone is a bug and is refused, not guessed."""
    with pytest.raises(ValueError):
        shift_out_of_quiet_hours(datetime(2026, 2, 10, 22), LONDON)  # noqa: DTZ001


# Checking planned dates


def test_christmas_and_late_summer_bank_holiday_are_flagged() -> None:
    """25 December and 31 August 2026 are reported as bank holidays by name."""
    warnings = check_dates(
        [date(2026, 8, 31), date(2026, 12, 25)], existing=[], today=date(2026, 1, 1)
    )
    assert warnings == [
        DateWarning(date(2026, 8, 31), "bank_holiday", "Late Summer Bank Holiday"),
        DateWarning(date(2026, 12, 25), "bank_holiday", "Christmas Day"),
    ]


def test_clash_with_an_existing_meeting_is_flagged() -> None:
    """A date the group already meets on is a clash."""
    warnings = check_dates(
        [date(2026, 2, 10), date(2026, 3, 10)],
        existing={date(2026, 3, 10)},
        today=date(2026, 1, 1),
    )
    assert warnings == [DateWarning(date(2026, 3, 10), "clash", "existing")]


def test_date_planned_twice_is_one_clash() -> None:
    """A date that appears twice in the plan is reported once as repeated."""
    warnings = check_dates(
        [date(2026, 2, 10), date(2026, 2, 10)], existing=[], today=date(2026, 1, 1)
    )
    assert warnings == [DateWarning(date(2026, 2, 10), "clash", "repeated")]


def test_past_and_weekend_dates_are_flagged_in_date_order() -> None:
    """A past date and a Saturday bank holiday come back in date order with every warning."""
    warnings = check_dates(
        [date(2026, 12, 26), date(2025, 12, 9)], existing=[], today=date(2026, 1, 1)
    )
    assert [(w.day, w.kind) for w in warnings] == [
        (date(2025, 12, 9), "past"),
        (date(2026, 12, 26), "bank_holiday"),
        (date(2026, 12, 26), "weekend"),
    ]


def test_ordinary_weekday_has_no_warnings() -> None:
    """An ordinary future Tuesday raises nothing."""
    assert check_dates([date(2026, 2, 10)], existing=[], today=date(2026, 1, 1)) == []


# Inline calendar


def test_calendar_month_is_monday_first_with_blanks() -> None:
    """February 2026 starts on a Sunday, so its first week is six blanks and the 1st."""
    weeks = calendar_month(2026, 2)
    assert weeks[0] == [None] * 6 + [date(2026, 2, 1)]
    assert all(len(week) == 7 for week in weeks)
    days = [day for week in weeks for day in week if day is not None]
    assert days == [date(2026, 2, 1) + timedelta(days=n) for n in range(28)]


# Typed dates and times

TODAY = date(2025, 11, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9/12/2025", date(2025, 12, 9)),
        ("09-12-2025", date(2025, 12, 9)),
        ("9.12.2025", date(2025, 12, 9)),
        ("9 December 2025", date(2025, 12, 9)),
        ("9th Dec 2025", date(2025, 12, 9)),
        ("  tuesday, 9 december 2025 ", date(2025, 12, 9)),
        ("Tuesday 9 December", date(2025, 12, 9)),
        ("Tue 9 Dec", date(2025, 12, 9)),
        ("9 December", date(2025, 12, 9)),
        ("1 January", date(2026, 1, 1)),
        ("29 February", date(2028, 2, 29)),
    ],
)
def test_typed_dates_accepted(text: str, expected: date) -> None:
    """UK day-first dates, with or without weekday and year, are read exactly."""
    assert parse_typed_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "12/13/2025",  # US order: there is no 13th month
        "31/11/2025",  # November has 30 days
        "next week",
        "Tuesday 10 December",  # 10 December 2025 is a Wednesday
        "Wednesday 9 December 2025",
        "9/12/25",  # two-digit year: which century is a guess
        "9/12",
        "9/12-2025",
        "December 9 2025",
        "Funday 9 December",
        "9 Decembre 2025",
        "",
        "9 December 2025" * 400,
    ],
)
def test_typed_dates_refused(text: str) -> None:
    """Anything ambiguous, impossible or inconsistent gives None rather than a guess."""
    assert parse_typed_date(text, today=TODAY) is None


def test_date_without_year_means_the_next_one() -> None:
    """ "9 December" typed on 10 December means next year's."""
    assert parse_typed_date("9 December", today=date(2025, 12, 10)) == date(2026, 12, 9)


def test_date_without_year_typed_on_the_day_means_today() -> None:
    """ "9 December" typed on 9 December means today."""
    assert parse_typed_date("9 December", today=date(2025, 12, 9)) == date(2025, 12, 9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:30", time(10, 30)),
        ("10.30", time(10, 30)),
        ("9:05", time(9, 5)),
        ("14:00", time(14)),
        ("2pm", time(14)),
        ("2:15 pm", time(14, 15)),
        ("2.15p.m.", time(14, 15)),
        ("10am", time(10)),
        ("12pm", time(12)),
        ("12am", time(0)),
        ("Noon", time(12)),
    ],
)
def test_typed_times_accepted(text: str, expected: time) -> None:
    """24-hour and am/pm times are read exactly."""
    assert parse_typed_time(text) == expected


@pytest.mark.parametrize(
    "text", ["10", "1030", "25:00", "10:60", "13pm", "0am", "half ten", "10:3", "", "x" * 5000]
)
def test_typed_times_refused(text: str) -> None:
    """Bare numbers, impossible times and words give None."""
    assert parse_typed_time(text) is None
