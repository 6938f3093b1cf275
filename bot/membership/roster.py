"""Who is in a group, as a PSF sees it; and peers added by name who have no Telegram."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from bot.models import Group, Member, Role
from bot.storage import Repos

MAX_NAME = 64


class RosterError(ValueError):
    """Input that can't be used; the message is for the person who typed it."""


@dataclass(frozen=True)
class Roster:
    group: Group
    psfs: list[Member]
    peers: list[Member]

    @property
    def without_telegram(self) -> list[Member]:
        return [m for m in self.peers if m.person.telegram_id is None]


async def roster(repos: Repos, group: Group) -> Roster:
    members = await repos.people.members_of(group.id)
    return Roster(
        group=group,
        psfs=[m for m in members if m.role is Role.PSF],
        peers=[m for m in members if m.role is Role.PEER],
    )


def clean_name(text: str) -> str:
    """A name typed by a PSF, tidied; RosterError if it can't be a name."""
    name = " ".join(text.split())
    if not name:
        raise RosterError("empty")
    if len(name) > MAX_NAME:
        raise RosterError("too long")
    if name.startswith("/"):
        raise RosterError("command")
    return name


async def add_offline_peer(repos: Repos, group: Group, name: str, now: datetime) -> Member:
    """Add a peer who has no Telegram: counted in attendance, gets printed slips."""
    person = await repos.people.add(display_name=clean_name(name), now=now)
    await repos.people.join_group(group_id=group.id, person_id=person.id, role=Role.PEER, now=now)
    return Member(person=person, role=Role.PEER)


def qr_png(link: str) -> bytes:
    """A QR code of an invitation link, to show on a screen or print."""
    import qrcode  # noqa: PLC0415 - only needed when someone asks for a QR code

    image = qrcode.make(link, box_size=10, border=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
