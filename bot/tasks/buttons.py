"""Button data of co-facilitation (prefix "tk"). Ids are checked by the core and bot.auth."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import CallbackData


class TaskAct(StrEnum):
    OPEN = "open"  # show the meeting's tasks
    TAP = "tap"  # value: the task's position; take it, or give it back
    AWAY = "away"  # I can't make this meeting
    BACK = "back"  # I can make it after all


@dataclass(frozen=True)
class TaskButton(CallbackData, prefix="tk"):
    meeting_id: int
    act: TaskAct
    value: int = 0
