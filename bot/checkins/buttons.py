"""Button data of the check-ins feature (prefixes starting with "k").

Untrusted when it comes back: the meeting id is checked against the database and bot.auth by
the core, and every index is checked here (BadCallback if it points at nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from bot.callbacks import BadCallback, CallbackData
from bot.checkins.records import EDITABLE_STEPS, NotMet, Obstacle, Rating, Step, TextField

T = TypeVar("T")


class AttendanceAct(StrEnum):
    MARK = "mark"  # value: the person id to tick or untick
    FEWER_OFFLINE = "om"  # ➖ others without Telegram
    MORE_OFFLINE = "op"  # ➕
    FEWER_NEW = "nm"  # ➖ newcomers
    MORE_NEW = "np"  # ➕
    COUNT = "cnt"  # the label between ➖ and ➕ (explains them)
    NOT_MET = "nomeet"  # "We didn't meet": ask why
    REASON = "why"  # value: index into NotMet
    MET = "met"  # "We did meet after all"
    DONE = "done"  # that's everyone (or: that's right)


@dataclass(frozen=True)
class AttendanceButton(CallbackData, prefix="katt"):
    """Step 1 of a PSF's check-in: who came (shared with the co-facilitators)."""

    meeting_id: int
    act: AttendanceAct
    value: int = 0


class CheckinAct(StrEnum):
    OPEN = "open"  # show the check-in where it stands
    MOOD = "mood"  # value: 1 (badly) … 5 (very well)
    SKIP = "skip"  # value: index into TextField; skip (or remove) the words
    KEEP = "keep"  # value: index into TextField; keep the words written before
    CHIP = "chip"  # value: index into Obstacle
    CHIPS_DONE = "chipok"
    NURSE = "nurse"  # value: 1 yes, 0 no
    EDIT = "edit"  # value: index into EDITABLE_STEPS
    MISSED_YOU = "miss"  # value: 1 on, 0 off (the group's setting)


@dataclass(frozen=True)
class CheckinButton(CallbackData, prefix="kin"):
    """Steps 2–5 of a PSF's check-in, the summary, and the group's "we missed you" setting."""

    meeting_id: int
    act: CheckinAct
    value: int = 0


class FeedbackAct(StrEnum):
    RATE = "rate"  # value: index into Rating
    TOPIC = "topic"  # suggest a topic for next time
    NEVER_MIND = "nvm"  # stop waiting for the topic


@dataclass(frozen=True)
class FeedbackButton(CallbackData, prefix="kfb"):
    """A peer's "How was today?" and topic suggestion after a meeting they attended."""

    meeting_id: int
    act: FeedbackAct
    value: int = 0


def _pick(choices: tuple[T, ...] | list[T], index: int) -> T:
    if not 0 <= index < len(choices):
        raise BadCallback("no such choice")
    return choices[index]


def not_met_reason(index: int) -> NotMet:
    return _pick(list(NotMet), index)


def obstacle(index: int) -> Obstacle:
    return _pick(list(Obstacle), index)


def rating(index: int) -> Rating:
    return _pick(list(Rating), index)


def text_field(index: int) -> TextField:
    return _pick(list(TextField), index)


def editable_step(index: int) -> Step:
    return _pick(EDITABLE_STEPS, index)


def yes_no(value: int) -> bool:
    """A 1 / 0 choice."""
    return _pick((False, True), value)


def index_of(choices: tuple[T, ...] | list[T], choice: T) -> int:
    return list(choices).index(choice)
