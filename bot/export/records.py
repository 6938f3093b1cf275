"""What the research export reads from the database, one record per row, before it is shaped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class GroupFacts:
    id: int
    area_id: int
    status: str
    timezone: str
    peers: int  # current peers
    psfs: int
    peers_without_telegram: int  # current peers with no Telegram (not forgotten)
    peers_left: int  # peers who left the group (or asked to be forgotten)
    first_start: datetime | None  # the group's first meeting that is not cancelled
    last_start: datetime | None
    meetings_planned: int  # not cancelled, past or to come
    meetings_cancelled: int
    decision: str | None = None  # the PSFs' decision around session 5: extend / end
    archived_at: datetime | None = None


@dataclass(frozen=True)
class MeetingFacts:
    id: int
    group_id: int
    timezone: str
    starts_at: datetime
    ends_at: datetime
    cancelled: bool
    topic_title: str | None
    suggested_kind: str | None  # from session_plans (None: no suggestion made yet)
    suggested_key: str | None
    chosen_kind: str | None
    chosen_key: str | None
    icebreaker_key: str | None


@dataclass(frozen=True)
class CheckinFacts:
    """One PSF's check-in about one meeting (person_id None: they asked to be forgotten)."""

    meeting_id: int
    person_id: int | None
    attendance_at: datetime | None
    mood: int | None
    went_well: str | None
    less_well: str | None
    obstacles: tuple[str, ...]
    obstacles_at: datetime | None
    wants_nurse: bool | None
    completed_at: datetime | None


@dataclass(frozen=True)
class Stint:
    """A membership: who was in a group, in what role, from when to when."""

    group_id: int
    person_id: int
    role: str
    joined_at: datetime
    left_at: datetime | None

    def covers(self, moment: datetime) -> bool:
        return self.joined_at <= moment and (self.left_at is None or self.left_at > moment)


@dataclass(frozen=True)
class ConcernFacts:
    """A raised concern's times and labels (never its words)."""

    id: int
    group_id: int
    area_id: int
    timezone: str
    source: str
    urgent: bool
    category: str | None
    state: str
    raised_at: datetime
    delivered_at: datetime | None
    acknowledged_at: datetime | None
    resolved_at: datetime | None


@dataclass(frozen=True)
class SuggestionFacts:
    """That a suggestion was made, when, and whether after a meeting (never its words)."""

    group_id: int
    created_at: datetime
    after_meeting: bool


@dataclass(frozen=True)
class GroupEventFacts:
    """One life-cycle or task step (group_events), without names."""

    id: int
    group_id: int
    timezone: str
    meeting_id: int | None
    person_id: int | None
    role: str
    kind: str
    value: str
    at: datetime
