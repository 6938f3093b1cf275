"""Button data of membership: a person's own settings, the roster and invitation links."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import CallbackData
from bot.models import Role


class AccountStep(StrEnum):
    MENU = "menu"
    PAUSE = "pause"
    RESUME = "resume"
    DATA = "data"
    LEAVE = "leave"
    LEAVE_YES = "leave!"
    FORGET = "forget"
    FORGET_YES = "forget!"
    KEEP = "keep"


@dataclass(frozen=True)
class AccountButton(CallbackData, prefix="acct"):
    step: AccountStep
    group_id: int = 0


@dataclass(frozen=True)
class PrivacyMore(CallbackData, prefix="pmore"):
    """The rest of the privacy notice for a role; `ask` keeps the Agree / Not now buttons."""

    role: Role
    ask: bool


class GroupStep(StrEnum):
    SHOW = "show"
    LINK = "link"
    QR = "qr"
    ADD_OFFLINE = "add"


@dataclass(frozen=True)
class GroupButton(CallbackData, prefix="grp"):
    step: GroupStep
    group_id: int


class LinkFor(StrEnum):
    PSF = "psf"
    PEER = "peer"
    NURSE = "nurse"
    BACKUP = "backup"
    COORDINATOR = "coordinator"


@dataclass(frozen=True)
class InviteButton(CallbackData, prefix="inv"):
    role: LinkFor
    area_id: int = 0
    group_id: int = 0
