"""The records the core passes around. Repositories build them; nothing here touches SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo


class Role(StrEnum):
    """What someone is in the programme."""

    PEER = "peer"
    PSF = "psf"
    NURSE = "nurse"
    COORDINATOR = "coordinator"


class GroupStatus(StrEnum):
    FORMING = "forming"
    RUNNING = "running"
    EXTENDED = "extended"
    ENDED = "ended"


@dataclass(frozen=True)
class Area:
    id: int
    name: str
    slug: str
    timezone: str

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Group:
    id: int
    area_id: int
    name: str
    venue: str | None
    start_date: date | None
    status: GroupStatus


@dataclass(frozen=True)
class Person:
    id: int
    telegram_id: int | None
    display_name: str
    is_coordinator: bool
    paused_at: datetime | None
    unreachable_at: datetime | None
    consent_version: int | None
    consent_at: datetime | None
    forgotten_at: datetime | None

    @property
    def receives_messages(self) -> bool:
        """Whether the bot may send this person anything unprompted."""
        return (
            self.telegram_id is not None
            and self.paused_at is None
            and self.unreachable_at is None
            and self.forgotten_at is None
        )


@dataclass(frozen=True)
class Membership:
    group_id: int
    person_id: int
    role: Role
    joined_at: datetime
    left_at: datetime | None


@dataclass(frozen=True)
class Member:
    """A person as seen from one of their groups."""

    person: Person
    role: Role


@dataclass(frozen=True)
class NurseRole:
    area_id: int
    person_id: int
    is_backup: bool
    away_from: date | None
    away_until: date | None

    def is_away_on(self, day: date) -> bool:
        return (
            self.away_from is not None
            and self.away_until is not None
            and self.away_from <= day <= self.away_until
        )


@dataclass(frozen=True)
class GroupSeat:
    """One of a person's current groups: their role in it and the group's area."""

    group_id: int
    role: Role
    area_id: int


@dataclass(frozen=True)
class Standing:
    """A person with their current groups (oldest membership first) and their nurse places
    (area id, is backup): everything that decides what they may do, read at once."""

    person: Person
    seats: tuple[GroupSeat, ...]
    nurse_areas: tuple[tuple[int, bool], ...]


@dataclass(frozen=True)
class Invite:
    token: str
    role: Role
    group_id: int | None
    area_id: int | None
    is_backup: bool
    personal_name: str | None
    max_uses: int
    uses: int
    expires_at: datetime
    revoked_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class Awaiting:
    """What a person is expected to send next (free text, a photo …) and for what."""

    kind: str
    payload: dict[str, object]


@dataclass(frozen=True)
class TopicSuggestion:
    id: int
    group_id: int
    person_id: int | None
    meeting_id: int | None
    text: str
    created_at: datetime


class DeliveryState(StrEnum):
    """Where a delivery row stands: pending --claim--> sending --> sent | dropped | failed."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DROPPED = "dropped"  # no longer wanted (cancelled, forgotten, blocked), never sent
    FAILED = "failed"  # gave up after the retries


@dataclass(frozen=True)
class Delivery:
    id: int
    kind: str
    person_id: int
    subject_id: int
    variant: str
    priority: int
    due_at: datetime
    payload: str | None
    attempts: int


# meetings (issue 4)


class Answer(StrEnum):
    """A member's answer to "will you come?"."""

    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Venue:
    """A place a group meets, saved so the PSF can pick it again with one tap."""

    id: int
    group_id: int
    name: str
    address: str
    notes: str


@dataclass(frozen=True)
class Meeting:
    """One meeting of a group. Times are UTC; `sequence` rises on each change (for .ics)."""

    id: int
    group_id: int
    starts_at: datetime
    ends_at: datetime
    venue_id: int
    venue_name: str
    venue_address: str
    venue_notes: str
    status: MeetingStatus
    sequence: int
    topic_title: str | None
    topic_key: str | None = None
    plan_id: int | None = None

    @property
    def is_cancelled(self) -> bool:
        return self.status is MeetingStatus.CANCELLED

    def has_started(self, now: datetime) -> bool:
        return now >= self.starts_at


@dataclass(frozen=True)
class MeetingDraft:
    """A PSF's half-finished plan (or move, or change of place), kept so a restart resumes it."""

    id: int
    person_id: int
    purpose: str  # "plan", "move" or "venue"
    group_id: int
    meeting_id: int | None
    pattern: str | None
    first_date: date | None
    start_time: time | None  # local wall-clock time
    venue_id: int | None
    count: int | None
    picked: tuple[date, ...]
    month: str | None  # "YYYY-MM" the calendar shows
    new_venue_name: str | None
    new_venue_address: str | None
