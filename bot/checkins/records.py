"""The check-ins feature's records: each PSF's answers, the shared attendance, and their choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Step(StrEnum):
    ATTENDANCE = "att"
    MOOD = "mood"
    WENT_WELL = "well"
    LESS_WELL = "less"
    OBSTACLES = "obst"
    NURSE = "nurse"
    DONE = "done"


class TextField(StrEnum):
    WENT_WELL = "went_well"
    LESS_WELL = "less_well"


class Obstacle(StrEnum):
    """What got in the way (the issue's list, in its order)."""

    LOW_TURNOUT = "turnout"
    DOMINATED = "dominated"
    WANDERED = "wandered"
    MEDICAL = "medical"
    VENUE = "venue"
    COFACILITATOR = "cofac"
    UPSETTING = "upsetting"
    OTHER = "other"


class NotMet(StrEnum):
    """Why the group didn't meet."""

    NOBODY = "nobody"
    VENUE = "venue"
    FACILITATOR = "psf"
    WEATHER = "weather"
    OTHER = "other"


class Rating(StrEnum):
    """A peer's "How was today?"."""

    HELPFUL = "helpful"
    OK = "ok"
    NOT_FOR_ME = "not_for_me"


class Counted(StrEnum):
    """The two numbers on the attendance screen, for people not on the list."""

    WITHOUT_TELEGRAM = "notel"
    NEWCOMERS = "new"


class CheckinState(StrEnum):
    """Where one PSF's check-in about one meeting stands (derived, never stored)."""

    NOT_DUE = "not due"  # the prompt has not gone yet
    WAITING = "waiting"  # prompted, nothing answered
    IN_PROGRESS = "in progress"
    COMPLETE = "complete"
    MISSING = "missing"  # not complete after the reminder time


@dataclass(frozen=True)
class Checkin:
    """One PSF's check-in about one meeting. Text fields: None = not answered, "" = skipped."""

    id: int
    meeting_id: int
    group_id: int
    person_id: int | None
    attendance_at: datetime | None
    mood: int | None
    went_well: str | None
    less_well: str | None
    obstacles: frozenset[str]
    obstacles_at: datetime | None
    wants_nurse: bool | None
    concern_id: int | None
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


@dataclass(frozen=True)
class Attendance:
    """What the group's PSFs recorded together about a meeting."""

    meeting_id: int
    met: bool = True
    not_met_reason: str | None = None
    without_telegram: int = 0
    newcomers: int = 0
    confirmed_by: int | None = None
    confirmed_at: datetime | None = None


@dataclass(frozen=True)
class AttendanceRow:
    """One past meeting of a group, as the attendance history lists it."""

    meeting_id: int
    starts_at: datetime
    recorded: bool
    met: bool | None
    not_met_reason: str | None
    present_ids: tuple[int, ...]
    present_without_telegram: int  # people on the list who have no Telegram, ticked
    extra_without_telegram: int  # counted with ➖ ➕: came, not on the list
    newcomers: int


# The steps a finished check-in can go back to.
EDITABLE_STEPS = (Step.ATTENDANCE, Step.MOOD, Step.WENT_WELL, Step.LESS_WELL, Step.OBSTACLES)
