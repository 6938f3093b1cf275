"""The concerns feature's records: a concern, its events and states, an area's office hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from bot.office_hours import Closure

# A PSF who said someone needs urgent help and then stopped answering: what they told us goes
# to the nurse anyway after this long (and the PSF is told so at once).
URGENT_DRAFT_SENDS_AFTER = timedelta(minutes=30)


class Category(StrEnum):
    """What a concern is about (the PSF picks one)."""

    PEER = "peer"
    GROUP = "group"
    SAFEGUARDING = "safe"
    MYSELF = "me"
    ADMIN = "admin"
    OTHER = "other"


class ConcernState(StrEnum):
    DRAFT = "draft"
    QUEUED = "queued"
    DELIVERED = "delivered"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"
    ABANDONED = "abandoned"

    @property
    def is_open(self) -> bool:
        """Raised and not yet resolved: a nurse still has to act on it."""
        return self in (ConcernState.QUEUED, ConcernState.DELIVERED, ConcernState.ACKNOWLEDGED)


class EventKind(StrEnum):
    """The steps of a concern, as recorded in concern_events."""

    URGENT = "urgent"  # the PSF said someone needs urgent help; they got the numbers
    RAISED = "raised"
    ROUTED = "routed"  # queued for a nurse (text: why another nurse, if so)
    DELIVERED = "delivered"
    REMINDED = "reminded"
    ESCALATED = "escalated"  # sent to the backup nurse too
    ACKNOWLEDGED = "acknowledged"
    REPLIED = "replied"  # nurse to PSF
    ANSWERED = "answered"  # PSF to nurse
    RESOLVED = "resolved"
    NO_NURSE = "no_nurse"  # nobody to send it to: coordinators told
    WITHDRAWN = "withdrawn"


class FileKind(StrEnum):
    PHOTO = "photo"
    VOICE = "voice"


@dataclass(frozen=True)
class Concern:
    id: int
    group_id: int
    area_id: int
    raised_by: int
    source: str
    urgent: bool
    category: Category | None
    description: str | None
    file_kind: FileKind | None
    file_id: str | None
    state: ConcernState
    nurse_id: int | None
    outcome: str | None
    created_at: datetime
    urgent_at: datetime | None
    raised_at: datetime | None
    delivered_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: int | None
    resolved_at: datetime | None
    resolved_by: int | None

    @property
    def raised_when(self) -> datetime | None:
        """When it was raised, as shown: an urgent one when the PSF said someone needed help,
        however long they took to finish it (or the sweep sent it unfinished)."""
        if self.urgent and self.urgent_at is not None and self.raised_at is not None:
            return min(self.urgent_at, self.raised_at)
        return self.raised_at


@dataclass(frozen=True)
class ConcernEvent:
    id: int
    concern_id: int
    at: datetime
    kind: EventKind
    person_id: int | None
    role: str
    text: str | None
    file_kind: FileKind | None
    file_id: str | None


@dataclass(frozen=True)
class AreaHours:
    """An area's own weekly hours (instead of the settings' defaults)."""

    area_id: int
    days: str
    opens: time
    closes: time
    country: str | None
    subdivision: str | None


@dataclass(frozen=True)
class ClosureRow:
    id: int
    area_id: int | None
    closure: Closure
