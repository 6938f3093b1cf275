"""Button data of the group's life cycle (prefix "lc"). Ids are checked by the core and bot.auth."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import CallbackData


class LifeAct(StrEnum):
    FUTURE = "fut"  # PSF: the group's future (answers so far, the decision)
    ASK_EXTEND = "ax"  # PSF: "carry on?" — asks to confirm
    EXTEND = "ext"  # PSF: yes, carry on for up to 6 more months
    ASK_END = "ae"  # PSF: "end after the last planned meeting?" — asks to confirm
    END = "end"  # PSF: yes, end after the last planned meeting
    GOODBYE = "bye"  # PSF: make the last meeting a goodbye
    COME = "come"  # peer: value "yes" / "maybe" / "no" — would come if it carried on
    HOW = "how"  # peer: value "helped" / "ok" / "not_for_me" — how was the group
    STAY = "stay"  # peer: value "stay" / "pause" / "leave"


@dataclass(frozen=True)
class LifeButton(CallbackData, prefix="lc"):
    group_id: int
    act: LifeAct
    value: str = "-"
