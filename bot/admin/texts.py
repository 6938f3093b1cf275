"""Words the coordinator commands print: plurals, who a link is for, dates with their year."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.models import Area, Group, Invite, Role
from bot.texts.dates import day_date

ROLE_WORDS = {
    Role.PSF: "facilitator (PSF)",
    Role.PEER: "peer",
    Role.NURSE: "nurse",
    Role.COORDINATOR: "coordinator",
}


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 peer", "2 peers", "0 people" (with `many` for irregular words)."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def role_words(role: Role, *, backup: bool = False) -> str:
    """ "peer", "facilitator (PSF)", "backup nurse"."""
    if role is Role.NURSE and backup:
        return "backup nurse"
    return ROLE_WORDS[role]


def link_for(invite: Invite, group: Group | None, area: Area | None) -> str:
    """Who a link is for and where: "peer · Lavenham Circle", "backup nurse · South Suffolk"."""
    who = role_words(invite.role, backup=invite.is_backup)
    where = group.name if group else area.name if area else "the whole programme"
    return f"{who} · {where}"


def full_date(at: datetime, tz: ZoneInfo) -> str:
    """ "Tuesday 29 December 2026": coordinators' lists always carry the year."""
    local = at.astimezone(tz).date()
    return f"{day_date(local)} {local.year}"
