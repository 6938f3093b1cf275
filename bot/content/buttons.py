"""Button data of the content library: which view, which entry, which page."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import CallbackData

NO_KEY = "-"


class View(StrEnum):
    """What a library button opens. Short values: they travel in callback data."""

    RESOURCES = "res"
    CATEGORY = "cat"
    RESOURCE = "r"
    PEER_SUPPORT = "peer"
    IDEAS = "ideas"
    SESSIONS = "sess"
    SESSION = "s"
    TOPICS = "tops"
    TOPIC = "t"
    ICEBREAKERS = "ices"
    ICEBREAKER = "ice"
    GROUND_RULES = "rules"
    TIPS = "tips"
    TIP = "tip"
    ENDING_WELL = "end"


@dataclass(frozen=True)
class LibraryButton(CallbackData, prefix="lib"):
    """Opens a library view; `key` says which entry of that view's kind (NO_KEY for none)."""

    view: View
    key: str = NO_KEY
    page: int = 0
    fresh: bool = False  # answer in a new message instead of changing this one
