"""What meeting screens show: a plan before it is saved, and who is coming."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.models import Meeting, Member


@dataclass(frozen=True)
class PlannedMeeting:
    """One meeting of a plan before it is saved (for the PSF to check)."""

    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Headcount:
    """Who is coming to a meeting, as its PSFs see it."""

    meeting: Meeting
    going: list[Member] = field(default_factory=list)
    maybe: list[Member] = field(default_factory=list)
    cant: list[Member] = field(default_factory=list)
    no_answer: list[Member] = field(default_factory=list)

    @property
    def without_telegram(self) -> list[Member]:
        return [m for m in self.no_answer if m.person.telegram_id is None]

    @property
    def can_nudge(self) -> list[Member]:
        return [m for m in self.no_answer if m.person.receives_messages]
