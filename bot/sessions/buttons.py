"""Button data of the sessions feature: the PSFs' pre-meeting card and peers' topic ideas."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import CallbackData
from bot.sessions.records import TopicKind


class CardStep(StrEnum):
    SHOW = "show"  # the card, showing `kind`/`key` (NONE: the chosen topic or the suggestion)
    USE = "use"  # make `kind`/`key` the meeting's topic
    KINDS = "kinds"  # another topic: one of the six sessions, or the library?
    LIST = "list"  # the sessions or the library topics (`kind`), page `page`
    ICE = "ice"  # another icebreaker; the card keeps showing `kind`/`key`
    GUIDE = "guide"  # the full session guide or topic, in a new message


class Shown(StrEnum):
    NONE = "-"
    SESSION = TopicKind.SESSION.value
    TOPIC = TopicKind.TOPIC.value


NO_KEY = "-"


@dataclass(frozen=True)
class CardButton(CallbackData, prefix="sp"):
    """A button on a meeting's suggestion card (PSFs of the meeting's group only)."""

    step: CardStep
    meeting_id: int
    kind: Shown = Shown.NONE
    key: str = NO_KEY
    page: int = 0


class IdeaStep(StrEnum):
    GROUP = "g"  # the idea is for this group: type it
    KEEP = "keep"  # yes, keep the words (they sounded like an emergency)
    STOP = "stop"  # never mind


@dataclass(frozen=True)
class IdeaButton(CallbackData, prefix="ssug"):
    """Suggesting a topic for a group (its peers and PSFs)."""

    step: IdeaStep
    group_id: int
