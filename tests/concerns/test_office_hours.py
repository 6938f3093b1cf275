"""Office hours: open/closed, next opening and open-time arithmetic at the awkward edges.

Dates are 2026/2027 and checked against the holidays package (see the first test). Clock changes
in Europe/London: 29 Mar and 25 Oct 2026, 28 Mar and 31 Oct 2027 (all Sundays).
"""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from bot import office_hours
from bot.office_hours import Closure, OfficeHours, parse_days

LONDON = ZoneInfo("Europe/London")
HOUR = timedelta(hours=1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A London wall-clock time as an aware datetime (compare with UTC instants freely)."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def hours() -> OfficeHours:
    return OfficeHours.standard(LONDON)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 5, 4), "May Day"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day (observed)"),
        (date(2027, 1, 1), "New Year's Day"),
        (date(2027, 12, 27), "Christmas Day (observed)"),
        (date(2027, 12, 28), "Boxing Day (observed)"),
    ],
)
def test_dates_used_here_are_english_bank_holidays(day: date, name: str) -> None:
    """The bank holidays these tests rely on are the ones the holidays package gives England."""
    assert holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day) == name


def test_friday_one_minute_before_closing_is_open(hours: OfficeHours) -> None:
    """Friday 16:59 is inside office hours."""
    assert hours.is_open(london(2026, 1, 16, 16, 59))
    assert hours.next_opening(london(2026, 1, 16, 16, 59)) == london(2026, 1, 16, 16, 59)


def test_friday_at_closing_time_reopens_monday_morning(hours: OfficeHours) -> None:
    """Friday 17:00 is closed and the next opening is Monday 09:00."""
    friday_five = london(2026, 1, 16, 17)
    assert not hours.is_open(friday_five)
    assert hours.next_opening(friday_five) == utc(2026, 1, 19, 9)


def test_summer_friday_closing_reopens_monday_at_eight_utc(hours: OfficeHours) -> None:
    """In British Summer Time 17:00 is 16:00Z and Monday 09:00 is 08:00Z."""
    assert hours.is_open(utc(2026, 6, 12, 15, 59))
    assert not hours.is_open(utc(2026, 6, 12, 16))
    assert hours.next_opening(utc(2026, 6, 12, 16)) == utc(2026, 6, 15, 8)


def test_next_opening_is_returned_in_utc(hours: OfficeHours) -> None:
    """The answer is a UTC-aware datetime whatever zone the question came in."""
    answer = hours.next_opening(london(2026, 6, 12, 18))
    assert answer.tzinfo is UTC
    assert answer == utc(2026, 6, 15, 8)


def test_opening_time_is_open_and_the_minute_before_is_not(hours: OfficeHours) -> None:
    """09:00 opens (inclusive) and 08:59 is still closed."""
    assert hours.is_open(london(2026, 1, 14, 9))
    assert not hours.is_open(london(2026, 1, 14, 9) - timedelta(seconds=1))


def test_bank_holiday_monday_reopens_on_tuesday(hours: OfficeHours) -> None:
    """On the early May bank holiday the office stays shut until Tuesday 09:00."""
    may_day_morning = london(2026, 5, 4, 10)
    assert not hours.is_open(may_day_morning)
    assert hours.closure_reason(may_day_morning) == "Bank holiday: May Day"
    assert hours.next_opening(london(2026, 5, 1, 17)) == london(2026, 5, 5, 9)


def test_easter_weekend_reopens_on_tuesday(hours: OfficeHours) -> None:
    """Closing on Maundy Thursday, the office reopens after Good Friday and Easter Monday."""
    assert hours.closure_reason(london(2026, 4, 3, 12)) == "Bank holiday: Good Friday"
    assert not hours.is_open(london(2026, 4, 6, 12))
    assert hours.next_opening(london(2026, 4, 2, 17)) == london(2026, 4, 7, 9)


def test_christmas_to_new_year_without_closure_opens_between_holidays(
    hours: OfficeHours,
) -> None:
    """With no coordinator closure, 29–31 Dec are working days between the bank holidays."""
    assert hours.is_open(london(2026, 12, 24, 12))
    assert hours.next_opening(london(2026, 12, 24, 17)) == utc(2026, 12, 29, 9)
    assert hours.closure_reason(london(2026, 12, 28, 12)) == "Bank holiday: Boxing Day (observed)"
    assert hours.next_opening(london(2026, 12, 31, 17)) == utc(2027, 1, 4, 9)


def test_christmas_to_new_year_with_closure_opens_in_january() -> None:
    """A coordinator's Christmas closure keeps the office shut until the first working day."""
    christmas = Closure(date(2026, 12, 24), date(2027, 1, 1), "Christmas closure")
    hours = OfficeHours.standard(LONDON, closures=(christmas,))
    assert not hours.is_open(london(2026, 12, 29, 12))
    assert hours.closure_reason(london(2026, 12, 29, 12)) == "Christmas closure"
    assert hours.next_opening(london(2026, 12, 23, 17)) == utc(2027, 1, 4, 9)


def test_coordinator_reason_wins_over_bank_holiday_name() -> None:
    """On a bank holiday inside a closure, the coordinator's wording is shown."""
    christmas = Closure(date(2026, 12, 24), date(2027, 1, 1), "Christmas closure")
    hours = OfficeHours.standard(LONDON, closures=(christmas,))
    assert hours.closure_reason(london(2026, 12, 25, 12)) == "Christmas closure"


def test_christmas_2027_substitute_days_reopen_on_wednesday(hours: OfficeHours) -> None:
    """With Christmas on a Saturday, the substitute Monday and Tuesday are closed too."""
    assert hours.next_opening(london(2027, 12, 24, 17)) == utc(2027, 12, 29, 9)


def test_single_day_closure_closes_only_that_day() -> None:
    """A training day closes that date and no other."""
    training = Closure(date(2026, 3, 11), date(2026, 3, 11), "Nurse training day")
    hours = OfficeHours.standard(LONDON, closures=(training,))
    assert not hours.is_open(london(2026, 3, 11, 12))
    assert hours.closure_reason(london(2026, 3, 11, 12)) == "Nurse training day"
    assert hours.is_open(london(2026, 3, 10, 12))
    assert hours.next_opening(london(2026, 3, 10, 17)) == utc(2026, 3, 12, 9)


def test_ordinary_closed_times_have_no_closure_reason(hours: OfficeHours) -> None:
    """Evenings and weekends are simply outside hours, not closures."""
    assert hours.closure_reason(london(2026, 1, 14, 20)) is None
    assert hours.closure_reason(london(2026, 1, 17, 12)) is None


def test_local_midnight_is_closed_and_opens_that_morning(hours: OfficeHours) -> None:
    """At local midnight the office is closed and opens at 09:00 the same day."""
    assert not hours.is_open(london(2026, 1, 13))
    assert hours.next_opening(london(2026, 1, 13)) == utc(2026, 1, 13, 9)


def test_summer_midnight_uses_the_local_date_not_the_utc_date(hours: OfficeHours) -> None:
    """23:30Z on Monday is already Tuesday in London, so the answer is Tuesday 09:00 BST."""
    assert hours.next_opening(utc(2026, 6, 15, 23, 30)) == utc(2026, 6, 16, 8)
    assert hours.next_opening(utc(2026, 6, 12, 23, 30)) == utc(2026, 6, 15, 8)


def test_closure_reason_uses_the_local_date_after_midnight(hours: OfficeHours) -> None:
    """23:30Z on 24 May is already the spring bank holiday in London."""
    assert hours.closure_reason(utc(2026, 5, 24, 23, 30)) == "Bank holiday: Spring Bank Holiday"
    assert hours.closure_reason(utc(2026, 5, 24, 22, 30)) is None


def test_midnight_before_a_bank_holiday_skips_it(hours: OfficeHours) -> None:
    """Just after midnight on a bank holiday the next opening is the following day."""
    assert hours.next_opening(london(2026, 5, 25) + timedelta(seconds=1)) == london(2026, 5, 26, 9)


@pytest.mark.parametrize(
    ("last_closing", "reopening"),
    [
        # 2026: closes Friday 17:00 GMT, clocks go forward Sunday, reopens Monday 09:00 BST.
        (utc(2026, 3, 27, 17), utc(2026, 3, 30, 8)),
        # 2027: Easter straddles the clock change, so Thursday 17:00 GMT to Tuesday 09:00 BST.
        (utc(2027, 3, 25, 17), utc(2027, 3, 30, 8)),
    ],
)
def test_spring_clock_change_weekend(
    hours: OfficeHours, last_closing: datetime, reopening: datetime
) -> None:
    """After the clocks go forward, the office reopens at 09:00 BST, which is 08:00Z."""
    assert not hours.is_open(last_closing)
    assert hours.is_open(last_closing - timedelta(minutes=1))
    assert hours.next_opening(last_closing) == reopening
    assert not hours.is_open(reopening - timedelta(minutes=1))


def test_autumn_clock_change_weekend(hours: OfficeHours) -> None:
    """After the clocks go back, Friday 17:00 BST is 16:00Z and Monday 09:00 is 09:00Z."""
    assert not hours.is_open(utc(2026, 10, 23, 16))
    assert hours.next_opening(utc(2026, 10, 23, 16)) == utc(2026, 10, 26, 9)
    assert not hours.is_open(utc(2026, 10, 26, 8, 30))
    assert hours.next_opening(utc(2027, 10, 29, 16)) == utc(2027, 11, 1, 9)


def test_add_open_time_across_clock_change_weekend(hours: OfficeHours) -> None:
    """Thirty minutes before closing on the BST Friday plus 60 open minutes is Monday 09:30 GMT."""
    assert hours.add_open_time(london(2026, 10, 23, 16, 30), 60 * timedelta(minutes=1)) == utc(
        2026, 10, 26, 9, 30
    )
    assert hours.open_time_between(utc(2026, 10, 23, 16), utc(2026, 10, 26, 9)) == timedelta(0)


def test_hours_inside_the_skipped_spring_hour_never_open() -> None:
    """A Sunday 01:30–02:30 slot does not exist on the spring-forward day, so it is skipped."""
    night_shift = OfficeHours(tz=LONDON, weekly={6: ((time(1, 30), time(2, 30)),)})
    assert night_shift.next_opening(utc(2026, 3, 28, 12)) == london(2026, 4, 5, 1, 30)
    day_of_change = (utc(2026, 3, 29), utc(2026, 3, 30))
    assert night_shift.open_time_between(*day_of_change) == timedelta(0)


def test_custom_schedule_tuesday_and_thursday_mornings() -> None:
    """A Tue/Thu 10:00–14:00 schedule is closed on Wednesday and reopens Thursday 10:00."""
    hours = OfficeHours.standard(LONDON, days="Tue,Thu", opens=time(10), closes=time(14))
    assert not hours.is_open(london(2026, 1, 14, 11))
    assert hours.next_opening(london(2026, 1, 14, 11)) == london(2026, 1, 15, 10)
    assert hours.is_open(london(2026, 1, 15, 13, 59))
    assert hours.next_opening(london(2026, 1, 15, 14)) == london(2026, 1, 20, 10)


@pytest.fixture
def split_day() -> OfficeHours:
    lunch_break = ((time(9), time(12, 30)), (time(13, 30), time(17)))
    return OfficeHours(tz=LONDON, weekly=dict.fromkeys(range(5), lunch_break))


def test_split_day_is_closed_over_lunch(split_day: OfficeHours) -> None:
    """With a lunch break, 12:30–13:30 is closed and the afternoon opens at 13:30."""
    assert split_day.is_open(london(2026, 1, 14, 12, 29))
    assert not split_day.is_open(london(2026, 1, 14, 12, 30))
    assert split_day.next_opening(london(2026, 1, 14, 12, 45)) == london(2026, 1, 14, 13, 30)
    assert split_day.is_open(london(2026, 1, 14, 13, 30))


def test_split_day_open_time_skips_lunch(split_day: OfficeHours) -> None:
    """An hour of open time from noon ends at 14:00, and a full day holds seven hours."""
    assert split_day.add_open_time(london(2026, 1, 14, 12), HOUR) == london(2026, 1, 14, 14)
    day_start, day_end = london(2026, 1, 14), london(2026, 1, 15)
    assert split_day.open_time_between(day_start, day_end) == 7 * HOUR


def test_weekly_hours_are_sorted_and_copied() -> None:
    """Intervals given out of order are sorted, and editing the caller's dict changes nothing."""
    weekly: dict[int, tuple[tuple[time, time], ...]] = {
        0: ((time(13, 30), time(17)), (time(9), time(12, 30)))
    }
    hours = OfficeHours(tz=LONDON, weekly=weekly)
    weekly[1] = ((time(9), time(17)),)
    assert hours.weekly[0] == ((time(9), time(12, 30)), (time(13, 30), time(17)))
    assert not hours.is_open(london(2026, 1, 13, 10))


def test_acknowledgement_timer_from_friday_afternoon_runs_into_monday(
    hours: OfficeHours,
) -> None:
    """Sixty open minutes from Friday 16:30 end on Monday 09:30."""
    assert hours.add_open_time(london(2026, 1, 16, 16, 30), HOUR) == london(2026, 1, 19, 9, 30)


def test_acknowledgement_timer_skips_easter(hours: OfficeHours) -> None:
    """Sixty open minutes from Maundy Thursday 16:30 end on Easter Tuesday 09:30."""
    assert hours.add_open_time(london(2026, 4, 2, 16, 30), HOUR) == london(2026, 4, 7, 9, 30)


def test_acknowledgement_timer_started_out_of_hours_counts_from_opening(
    hours: OfficeHours,
) -> None:
    """A concern sent on Saturday is due for a reminder an hour after Monday's opening."""
    assert hours.add_open_time(london(2026, 1, 17, 11), HOUR) == london(2026, 1, 19, 10)


def test_open_time_ending_exactly_at_closing_gives_closing_time(hours: OfficeHours) -> None:
    """An hour from Friday 16:00 is Friday 17:00, not Monday morning."""
    assert hours.add_open_time(london(2026, 1, 16, 16), HOUR) == london(2026, 1, 16, 17)


def test_zero_open_time_returns_the_start(hours: OfficeHours) -> None:
    """Adding no open time gives back the start instant, even when closed."""
    assert hours.add_open_time(london(2026, 1, 17, 11), timedelta(0)) == london(2026, 1, 17, 11)


def test_negative_open_time_is_refused(hours: OfficeHours) -> None:
    """A negative amount of open time is a programming error."""
    with pytest.raises(ValueError, match="negative"):
        hours.add_open_time(london(2026, 1, 14, 10), -HOUR)


def test_second_acknowledgement_period_stacks_on_the_first(hours: OfficeHours) -> None:
    """The backup-nurse deadline is two periods of open time after the concern was raised."""
    raised = london(2026, 1, 16, 16, 30)
    reminder = hours.add_open_time(raised, HOUR)
    assert hours.add_open_time(reminder, HOUR) == hours.add_open_time(raised, 2 * HOUR)
    assert hours.add_open_time(raised, 2 * HOUR) == london(2026, 1, 19, 10, 30)


def test_open_time_in_a_full_week_is_forty_hours(hours: OfficeHours) -> None:
    """Monday to Monday holds five eight-hour days of open time."""
    assert hours.open_time_between(london(2026, 1, 12), london(2026, 1, 19)) == 40 * HOUR


def test_open_time_between_reversed_instants_is_zero(hours: OfficeHours) -> None:
    """An end before the start holds no open time."""
    assert hours.open_time_between(london(2026, 1, 14, 12), london(2026, 1, 14, 10)) == timedelta(0)


def test_open_time_between_counts_partial_days(hours: OfficeHours) -> None:
    """From Wednesday 16:00 to Thursday 10:00 there are two open hours."""
    between = hours.open_time_between(london(2026, 1, 14, 16), london(2026, 1, 15, 10))
    assert between == 2 * HOUR


def test_scotland_closes_on_second_of_january() -> None:
    """The configured region's holidays apply: Scotland has 2 January off, England does not."""
    scotland = OfficeHours.standard(LONDON, subdivision="SCT")
    england = OfficeHours.standard(LONDON)
    assert not scotland.is_open(london(2026, 1, 2, 12))
    assert england.is_open(london(2026, 1, 2, 12))


def test_holiday_calendar_is_built_once_per_year(
    hours: OfficeHours, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Repeated sweeps reuse the cached year's holidays instead of rebuilding them."""
    office_hours._holidays_for_year.cache_clear()
    real_builder = holidays.country_holidays
    built_years: list[object] = []

    def counting_builder(*args: object, **kwargs: object) -> object:
        built_years.append(kwargs.get("years"))
        return real_builder(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(office_hours.holidays, "country_holidays", counting_builder)
    for minute in range(300):
        hours.is_open(london(2026, 1, 14, 9) + minute * timedelta(minutes=1))
    hours.next_opening(london(2026, 12, 31, 17))
    assert built_years == [2026, 2027]


def test_open_time_beyond_the_search_limit_is_still_added(hours: OfficeHours) -> None:
    """Only a 400-day stretch with no opening stops the search, not a long total."""
    start = london(2026, 1, 5, 9)
    due = hours.add_open_time(start, 3000 * HOUR)
    assert due - start > timedelta(days=500)
    assert hours.open_time_between(start, due) == 3000 * HOUR


def test_never_open_schedule_raises_instead_of_searching_forever() -> None:
    """With no open days at all, next_opening and add_open_time give up with ValueError."""
    hours = OfficeHours(tz=LONDON, weekly={})
    with pytest.raises(ValueError, match="does not open within 400 days"):
        hours.next_opening(london(2026, 1, 14))
    with pytest.raises(ValueError, match="does not open within 400 days"):
        hours.add_open_time(london(2026, 1, 14), HOUR)


def test_long_closure_is_searched_past() -> None:
    """A closure of several months is skipped without hitting the search limit."""
    sabbatical = Closure(date(2026, 1, 1), date(2026, 9, 30), "No nurse in post")
    hours = OfficeHours.standard(LONDON, closures=(sabbatical,))
    assert hours.next_opening(london(2026, 1, 5, 12)) == london(2026, 10, 1, 9)


def test_naive_datetime_is_refused(hours: OfficeHours) -> None:
    """A datetime without a time zone is ambiguous and raises ValueError."""
    with pytest.raises(ValueError, match="timezone-aware"):
        hours.is_open(datetime(2026, 1, 14, 10))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("weekly", "message"),
    [
        ({0: ((time(17), time(9)),)}, "not before"),
        ({0: ((time(9), time(9)),)}, "not before"),
        ({0: ((time(9), time(13)), (time(12), time(17)))}, "overlap"),
        ({7: ((time(9), time(17)),)}, "Weekday must be"),
        ({0: ((time(9, tzinfo=UTC), time(17)),)}, "local times"),
    ],
)
def test_invalid_weekly_hours_are_refused(
    weekly: dict[int, tuple[tuple[time, time], ...]], message: str
) -> None:
    """Backwards, empty, overlapping, out-of-range or zoned intervals are rejected at setup."""
    with pytest.raises(ValueError, match=message):
        OfficeHours(tz=LONDON, weekly=weekly)


def test_unknown_holiday_region_is_refused() -> None:
    """A mistyped country or region fails at setup rather than on the first sweep."""
    with pytest.raises(ValueError, match="Unknown holiday calendar"):
        OfficeHours.standard(LONDON, subdivision="XYZ")
    with pytest.raises(ValueError, match="Unknown holiday calendar"):
        OfficeHours.standard(LONDON, country="XX", subdivision=None)


def test_closure_ending_before_it_starts_is_refused() -> None:
    """A closure whose end date precedes its start is rejected."""
    with pytest.raises(ValueError, match="before it starts"):
        Closure(date(2026, 12, 24), date(2026, 12, 20), "Christmas")


@pytest.mark.parametrize(
    ("spec", "days"),
    [
        ("Mon-Fri", {0, 1, 2, 3, 4}),
        ("Mon,Wed,Fri", {0, 2, 4}),
        ("Mon-Thu,Sat", {0, 1, 2, 3, 5}),
        (" tue , THU ", {1, 3}),
        ("Monday-Wednesday", {0, 1, 2}),
        ("Sun", {6}),
        ("Mon-Mon", {0}),
    ],
)
def test_parse_days_reads_ranges_and_lists(spec: str, days: set[int]) -> None:
    """Day specs accept ranges, lists, full names, any case and spaces."""
    assert parse_days(spec) == frozenset(days)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "an empty day"),
        ("Mon-", "an empty day"),
        ("Mon,,Fri", "an empty day"),
        ("Mnd-Fri", "Cannot read 'Mnd'"),
        ("Mon-Fri-Sat", "Cannot read 'Fri-Sat'"),
        ("1-5", "Cannot read '1'"),
        ("Fri-Mon", "runs backwards"),
    ],
)
def test_parse_days_errors_say_what_is_wrong(spec: str, message: str) -> None:
    """An unreadable day spec raises ValueError naming the part that could not be read."""
    with pytest.raises(ValueError, match=message):
        parse_days(spec)


def test_next_opening_is_the_first_open_minute_at_or_after_any_instant() -> None:
    """For random instants, next_opening is open, not earlier, and no open minute lies before it."""
    christmas = Closure(date(2026, 12, 24), date(2027, 1, 1), "Christmas closure")
    lunch_break = ((time(9), time(12, 30)), (time(13, 30), time(17)))
    hours = OfficeHours(
        tz=LONDON,
        weekly={**dict.fromkeys(range(4), lunch_break), 5: ((time(10), time(12)),)},
        closures=(christmas,),
    )
    rng = random.Random(20261225)
    range_start, range_seconds = utc(2026, 10, 20), 200 * 24 * 3600  # both clock changes
    minute = timedelta(minutes=1)
    for _ in range(150):
        instant = range_start + timedelta(seconds=rng.randrange(range_seconds))
        opening = hours.next_opening(instant)
        assert opening >= instant
        assert hours.is_open(opening)
        assert hours.open_time_between(instant, opening) == timedelta(0)
        # Openings fall on whole minutes, so checking each minute in between is exhaustive.
        probe = instant.replace(second=0) + minute
        while probe < opening:
            assert not hours.is_open(probe), (instant, probe)
            probe += minute


def test_add_open_time_and_open_time_between_agree() -> None:
    """For random starts and amounts, the open time up to add_open_time's answer is that amount."""
    hours = OfficeHours.standard(LONDON)
    rng = random.Random(2027)
    for _ in range(200):
        start = utc(2026, 3, 1) + timedelta(minutes=rng.randrange(400 * 24 * 60))
        amount = timedelta(minutes=rng.randrange(1, 3 * 8 * 60))
        due = hours.add_open_time(start, amount)
        assert hours.open_time_between(start, due) == amount
        assert hours.open_time_between(start, due - timedelta(minutes=1)) < amount
