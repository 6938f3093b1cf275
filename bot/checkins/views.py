"""What a check-in screen, a peer's feedback screen and the "last time" recap show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.checkins.records import Attendance, Checkin, Obstacle, Rating, Step
from bot.models import Group, Meeting


@dataclass(frozen=True)
class PeerMark:
    """A peer on the attendance list, ticked or not."""

    person_id: int
    name: str
    present: bool
    has_telegram: bool


@dataclass(frozen=True)
class CheckinView:
    """Everything one screen of a PSF's check-in shows."""

    meeting: Meeting
    group: Group
    tz: ZoneInfo
    checkin: Checkin
    attendance: Attendance
    peers: tuple[PeerMark, ...]
    step: Step
    missed_you: bool
    now: datetime
    confirmed_by_other: str | None = None  # a co-facilitator ticked these; this PSF hasn't yet
    note: str | None = None  # what happens next after the last answer, shown on top
    finished_now: bool = False  # this answer finished the check-in (the summary says thanks)

    @property
    def editing(self) -> bool:
        """The check-in was finished before: after this screen comes the summary."""
        return self.checkin.is_complete

    @property
    def present_count(self) -> int:
        return sum(1 for peer in self.peers if peer.present)

    @property
    def total(self) -> int:
        return self.present_count + self.attendance.without_telegram + self.attendance.newcomers


@dataclass(frozen=True)
class PeerMessages:
    """Who will hear from the bot after attendance is confirmed (first names)."""

    feedback: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    missed_due: datetime | None = None


@dataclass(frozen=True)
class FeedbackView:
    meeting: Meeting
    group: Group
    tz: ZoneInfo
    rating: Rating | None
    now: datetime


@dataclass(frozen=True)
class Recap:
    """What a PSF is shown about the group's previous meeting before the next one.

    Co-facilitators never see each other's words: faces, chips and numbers are shown to every
    PSF of the group; what a PSF wrote is shown only to that PSF.
    """

    group: Group
    meeting: Meeting  # the meeting the recap is about
    next_meeting: Meeting
    tz: ZoneInfo
    attendance: Attendance | None
    present: tuple[str, ...]  # names of peers ticked as present
    moods: tuple[int, ...]  # every PSF's face, best first
    obstacles: tuple[tuple[Obstacle, int], ...]  # how many PSFs ticked each, most first
    own: Checkin | None
    feedback: dict[Rating, int]
    topics: tuple[str, ...]
    now: datetime

    @property
    def recorded(self) -> bool:
        return self.attendance is not None and self.attendance.confirmed_at is not None

    @property
    def total(self) -> int:
        if self.attendance is None:
            return len(self.present)
        return len(self.present) + self.attendance.without_telegram + self.attendance.newcomers
