"""Button data of the concerns feature (every prefix starts with "c": this feature owns those)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import CallbackData
from bot.concerns.records import Category


@dataclass(frozen=True)
class ConcernNew(CallbackData, prefix="cnew"):
    """Start a concern about one of the PSF's groups."""

    group_id: int


@dataclass(frozen=True)
class ConcernDanger(CallbackData, prefix="cdanger"):
    concern_id: int
    urgent: bool


@dataclass(frozen=True)
class ConcernCategory(CallbackData, prefix="ccat"):
    concern_id: int
    category: Category


class DraftStep(StrEnum):
    SEND = "send"
    CHANGE = "change"
    CANCEL = "cancel"


@dataclass(frozen=True)
class ConcernDraft(CallbackData, prefix="cdraft"):
    concern_id: int
    step: DraftStep


class NurseStep(StrEnum):
    VIEW = "view"
    ACK = "ack"
    REPLY = "reply"
    RESOLVE = "resolve"


@dataclass(frozen=True)
class ConcernNurse(CallbackData, prefix="cnurse"):
    concern_id: int
    step: NurseStep


@dataclass(frozen=True)
class ConcernAnswer(CallbackData, prefix="cans"):
    """The PSF answers the nurse in a concern's thread."""

    concern_id: int


@dataclass(frozen=True)
class ConcernList(CallbackData, prefix="clist"):
    """Back to /concerns."""


class AwayStep(StrEnum):
    SET = "set"
    BACK = "back"


@dataclass(frozen=True)
class ConcernAway(CallbackData, prefix="caway"):
    step: AwayStep


@dataclass(frozen=True)
class ConcernContact(CallbackData, prefix="ccontact"):
    """A peer's answer to "would you like your facilitator or the nurse to get in touch?"."""

    offer_id: int
    yes: bool
