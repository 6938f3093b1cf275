"""The sessions feature's records: each meeting's plan and what the suggestions step reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True)
class PlanRecord:
    """One meeting's plan: the suggestion as made, and the PSFs' choices since."""

    meeting_id: int
    group_id: int
    session_number: int
    suggested_kind: str  # "session" or "topic"
    suggested_key: str
    icebreaker_key: str
    icebreaker_by: int | None
    chosen_kind: str | None
    chosen_key: str | None
    chosen_by: int | None
    chosen_at: datetime | None
    sent_at: datetime | None
    sent_for: datetime | None

    @property
    def touched(self) -> bool:
        """Whether a PSF has chosen anything on it (a topic or another icebreaker)."""
        return self.chosen_key is not None or self.icebreaker_by is not None


@dataclass(frozen=True)
class ArrangeRow:
    """One PSF's suggestion row for one meeting, as the suggestions step sees it."""

    meeting_id: int
    group_id: int
    starts_at: datetime
    on: bool  # scheduled, not cancelled
    timezone: str
    person_id: int | None  # None: the group has no reachable PSF
    state: str | None  # the row's state; None: no row yet
    due_at: datetime | None
    attempts: int
    planned: bool  # the meeting has a kept plan
    sent_for: datetime | None  # the plan's meeting start when it was last sent
    touched: bool  # a PSF chose a topic or another icebreaker


class TopicKind(StrEnum):
    SESSION = "session"  # one of the six curriculum sessions
    TOPIC = "topic"  # a topic from the library
