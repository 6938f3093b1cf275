"""When the study nurse is at work: weekly hours, public holidays and coordinator closures.

Everything here is pure: no clock reads, no I/O. Callers pass in the instant they care about
(an aware datetime, normally UTC) and get UTC-aware datetimes back. Opening hours are local to
the area's time zone, so 09:00 stays 09:00 across the clock change (08:00Z in summer, 09:00Z in
winter).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

__all__ = ["Closure", "OfficeHours", "parse_days"]

# Beyond this many days without any open time we give up instead of searching forever
# (e.g. a schedule with no open days, or a closure covering years).
SEARCH_LIMIT_DAYS = 400

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

Interval = tuple[time, time]
UtcInterval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Closure:
    """A closure a coordinator adds, e.g. a training day or 24 Dec – 2 Jan (inclusive dates)."""

    start: date
    end: date
    reason: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"Closure '{self.reason}' ends ({self.end}) before it starts")

    def covers(self, day: date) -> bool:
        """True if the nurse's office is shut all of `day` for this closure."""
        return self.start <= day <= self.end


@functools.lru_cache(maxsize=64)
def _check_calendar(country: str, subdivision: str | None) -> None:
    """Refuse an unknown holiday calendar (checked once per calendar: building one is slow)."""
    try:
        holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError as error:
        raise ValueError(f"Unknown holiday calendar: {error}") from error


@dataclass(frozen=True)
class OfficeHours:
    """One area's office hours; answers "is it open?" and "when does it next open?"."""

    tz: ZoneInfo
    weekly: Mapping[int, tuple[Interval, ...]]
    holiday_country: str = "GB"
    holiday_subdivision: str | None = "ENG"
    closures: tuple[Closure, ...] = ()

    def __post_init__(self) -> None:
        # Store a sorted, read-only copy so later edits to the caller's dict change nothing.
        normalised = {day: _validated_intervals(day, spans) for day, spans in self.weekly.items()}
        object.__setattr__(self, "weekly", MappingProxyType(normalised))
        object.__setattr__(self, "closures", tuple(self.closures))
        _check_calendar(self.holiday_country, self.holiday_subdivision)

    @classmethod
    def standard(
        cls,
        tz: ZoneInfo,
        *,
        days: str = "Mon-Fri",
        opens: time = time(9),
        closes: time = time(17),
        country: str = "GB",
        subdivision: str | None = "ENG",
        closures: tuple[Closure, ...] = (),
    ) -> OfficeHours:
        """The same hours on each of `days` (a `parse_days` spec), e.g. Mon–Fri 09:00–17:00."""
        return cls(
            tz=tz,
            weekly=dict.fromkeys(parse_days(days), ((opens, closes),)),
            holiday_country=country,
            holiday_subdivision=subdivision,
            closures=tuple(closures),
        )

    def is_open(self, at: datetime) -> bool:
        """True if the nurse's office is open at the instant `at`."""
        instant = _as_utc(at)
        return any(
            opens <= instant < closes for opens, closes in self._open_intervals(self._day_of(at))
        )

    def next_opening(self, at: datetime) -> datetime:
        """`at` itself (in UTC) if open, else the next instant the office opens."""
        instant = _as_utc(at)
        for opens, closes in self._open_intervals_from(self._day_of(at)):
            if closes > instant:
                return max(opens, instant)
        raise AssertionError("unreachable: the interval search raises when it runs out")

    def closure_reason(self, at: datetime) -> str | None:
        """Why the whole day of `at` is closed: a coordinator closure, a bank holiday, or None."""
        day = self._day_of(at)
        # A coordinator's own wording wins: it explains the whole closure, not just one day of it.
        for closure in self.closures:
            if closure.covers(day):
                return closure.reason
        holiday = self._holiday_name(day)
        return f"Bank holiday: {holiday}" if holiday is not None else None

    def add_open_time(self, start: datetime, delta: timedelta) -> datetime:
        """The earliest instant by which `delta` of open time has passed since `start`.

        Used for "not acknowledged within 60 minutes of office hours": a concern raised on
        Friday at 16:30 is due for a reminder on Monday at 09:30. If the time runs out exactly
        at closing, the answer is the closing instant itself (the nurse had the full `delta`).
        """
        if delta < timedelta(0):
            raise ValueError(f"Cannot add a negative amount of open time: {delta}")
        instant = _as_utc(start)
        if delta == timedelta(0):
            return instant
        remaining = delta
        for opens, closes in self._open_intervals_from(self._day_of(start)):
            if closes <= instant:
                continue
            counted_from = max(opens, instant)
            available = closes - counted_from
            if remaining <= available:
                return counted_from + remaining
            remaining -= available
        raise AssertionError("unreachable: the interval search raises when it runs out")

    def open_time_between(self, start: datetime, end: datetime) -> timedelta:
        """How much open time lies in [start, end); zero if `end` is not after `start`."""
        first, last = _as_utc(start), _as_utc(end)
        total = timedelta(0)
        day, last_day = self._day_of(start), self._day_of(end)
        while day <= last_day:
            for opens, closes in self._open_intervals(day):
                overlap = min(closes, last) - max(opens, first)
                total += max(overlap, timedelta(0))
            day += timedelta(days=1)
        return total

    def _day_of(self, at: datetime) -> date:
        """The local calendar date of `at` in this area's time zone."""
        return _as_utc(at).astimezone(self.tz).date()

    def _holiday_name(self, day: date) -> str | None:
        names = _holidays_for_year(self.holiday_country, self.holiday_subdivision, day.year)
        return names.get(day)

    def _closed_all_day(self, day: date) -> bool:
        return self._holiday_name(day) is not None or any(c.covers(day) for c in self.closures)

    def _open_intervals(self, day: date) -> list[UtcInterval]:
        """The UTC instants the office is open on local date `day`, in order."""
        if self._closed_all_day(day):
            return []
        intervals = []
        for opens, closes in self.weekly.get(day.weekday(), ()):
            interval = (self._utc_on(day, opens), self._utc_on(day, closes))
            # An interval lying inside a skipped clock-change hour can collapse to nothing.
            if interval[0] < interval[1]:
                intervals.append(interval)
        return intervals

    def _open_intervals_from(self, day: date) -> Iterator[UtcInterval]:
        """Open intervals from local date `day` onwards; ValueError after too long a gap."""
        days_without_opening = 0
        while days_without_opening <= SEARCH_LIMIT_DAYS:
            intervals = self._open_intervals(day)
            days_without_opening = 0 if intervals else days_without_opening + 1
            yield from intervals
            day += timedelta(days=1)
        raise ValueError(f"The office does not open within {SEARCH_LIMIT_DAYS} days of {day}")

    def _utc_on(self, day: date, local_time: time) -> datetime:
        return datetime.combine(day, local_time, tzinfo=self.tz).astimezone(UTC)


def parse_days(spec: str) -> frozenset[int]:
    """Weekdays (0=Monday) from a spec such as "Mon-Fri", "Mon,Wed,Fri" or "Mon-Thu,Sat"."""
    days: set[int] = set()
    for part in spec.split(","):
        first, dash, last = part.partition("-")
        if not dash:
            days.add(_parse_day(first, spec))
            continue
        first_day, last_day = _parse_day(first, spec), _parse_day(last, spec)
        if last_day < first_day:
            raise ValueError(
                f"Day range '{part.strip()}' in '{spec}' runs backwards: "
                "write ranges Monday-first (e.g. 'Mon-Fri') or list the days ('Sat,Sun,Mon')"
            )
        days.update(range(first_day, last_day + 1))
    return frozenset(days)


def _parse_day(word: str, spec: str) -> int:
    name = word.strip().lower()
    if name in DAY_NAMES:
        return DAY_NAMES.index(name)
    if name in _FULL_DAY_NAMES:
        return _FULL_DAY_NAMES.index(name)
    shown = f"'{word.strip()}'" if name else "an empty day"
    raise ValueError(
        f"Cannot read {shown} in office days '{spec}': use Mon, Tue, Wed, Thu, Fri, Sat, Sun, "
        "ranges like 'Mon-Fri' and commas like 'Mon,Wed,Fri'"
    )


def _validated_intervals(weekday: int, spans: tuple[Interval, ...]) -> tuple[Interval, ...]:
    if weekday not in range(7):
        raise ValueError(f"Weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
    ordered = tuple(sorted(spans))
    for opens, closes in ordered:
        if opens.tzinfo is not None or closes.tzinfo is not None:
            raise ValueError("Office hours are local times: give them without a time zone")
        if not opens < closes:
            # Overnight opening is not supported; nurses' office hours end the same day.
            raise ValueError(f"{DAY_NAMES[weekday].title()}: opens {opens} is not before {closes}")
    for (_, earlier_closes), (later_opens, _) in itertools.pairwise(ordered):
        if later_opens < earlier_closes:
            raise ValueError(f"{DAY_NAMES[weekday].title()}: office hours overlap")
    return ordered


def _as_utc(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("Office hours need a timezone-aware datetime (UTC), not a naive one")
    return at.astimezone(UTC)


@functools.lru_cache(maxsize=128)
def _holidays_for_year(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    """One year's public holidays, built once: lookups happen on every sweep."""
    calendar = holidays.country_holidays(country, subdiv=subdivision, years=year)
    return MappingProxyType(dict(calendar.items()))
