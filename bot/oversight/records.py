"""The oversight feature's records: the warning rules, their thresholds, what they read, a flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.config import Settings


class Rule(StrEnum):
    LOW_ATTENDANCE = "low"
    FALLING = "falling"
    NO_PLAN = "noplan"
    CHECKIN_MISSING = "nocheckin"
    PSF_COVER = "psfs"
    NOT_FOR_ME = "notforme"
    URGENT = "urgent"
    NO_PSF_AT_MEETING = "nopsf"


@dataclass(frozen=True)
class Thresholds:
    low_attendance: int = 4
    low_attendance_meetings: int = 2
    falling_meetings: int = 3
    plan_ahead: timedelta = timedelta(weeks=6)
    not_for_me_share: float = 1 / 3
    urgent_within: timedelta = timedelta(days=30)
    min_psfs: int = 2

    @classmethod
    def from_settings(cls, settings: Settings) -> Thresholds:
        return cls(
            low_attendance=settings.warn_low_attendance,
            low_attendance_meetings=settings.warn_low_attendance_meetings,
            falling_meetings=settings.warn_falling_meetings,
            plan_ahead=timedelta(weeks=settings.warn_plan_ahead_weeks),
            not_for_me_share=settings.warn_not_for_me_share,
            urgent_within=timedelta(days=settings.warn_urgent_days),
            min_psfs=settings.warn_min_psfs,
        )


@dataclass(frozen=True)
class GroupFacts:
    """What the rules look at, about one group at one moment."""

    now: datetime
    attendance: tuple[int, ...]  # peers who came to each recorded meeting that met, oldest first
    next_meeting_at: datetime | None
    checkin_missing: bool  # the last meeting's check-in is still missing after its reminder
    psfs: int  # current PSFs
    unreachable_psfs: int  # of those, how many the bot can't reach (blocked it, /forget)
    feedback_answered: int  # peers who answered "How was today?" about the last meeting
    feedback_not_for_me: int
    urgent_concern_at: datetime | None  # the latest urgent concern raised
    meeting_without_psf: bool  # every PSF said they can't make the next meeting
    active: bool = True  # forming, running or extended (ending and ended groups plan nothing)
    started: bool = True  # the group has had its first meeting


@dataclass(frozen=True)
class Flag:
    rule: Rule
    detail: str = ""  # a number or two for the nurse's text ("3, 2" …)


class DismissReason(StrEnum):
    HANDLED = "handled"
    SPOKEN = "spoken"
    NOT_A_WORRY = "fine"
    EXPECTED = "expected"
