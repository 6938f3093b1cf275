"""Button data of the nurse's and coordinator's views (prefixes starting with "ov").

Untrusted when it comes back: ids are checked against the database and bot.auth by the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import BadCallback, CallbackData
from bot.oversight.records import DismissReason


class GroupsAct(StrEnum):
    AREA = "area"  # id: an area; list its groups
    GROUP = "group"  # id: a group; its detail
    MESSAGE = "msg"  # id: a group; write to its PSFs
    AREAS = "areas"  # the coordinator's list of areas


@dataclass(frozen=True)
class GroupsButton(CallbackData, prefix="ovg"):
    """📋 Groups: areas, groups, a group's detail, writing to its PSFs."""

    act: GroupsAct
    id: int = 0


class WarningAct(StrEnum):
    DISMISS = "dis"  # ask why
    REASON = "why"  # value: index into DismissReason
    KEEP = "keep"  # changed her mind: keep it


@dataclass(frozen=True)
class WarningButton(CallbackData, prefix="ovw"):
    """What the nurse does with an early warning."""

    warning_id: int
    act: WarningAct
    value: int = 0


def dismiss_reason(index: int) -> DismissReason:
    reasons = list(DismissReason)
    if not 0 <= index < len(reasons):
        raise BadCallback("no such reason")
    return reasons[index]
