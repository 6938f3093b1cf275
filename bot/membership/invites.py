"""Invitation links and joining: the only way into Peer Circle.

A link carries an unguessable token (128 bits). Tapping it shows the privacy notice; nothing is
stored about the person until they agree (only the pending join: their Telegram id and the
token). Agreeing uses one use of the token and gives them their role.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.lifecycle.stages import is_archived
from bot.models import Area, Group, Invite, Person, Role
from bot.storage import Repos

TOKEN_BYTES = 16  # 128 bits
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
GROUP_LINK_USES = 30
# 2: the notice for a health study (who holds the data, Telegram, rights, the ICO).
PRIVACY_NOTICE_VERSION = 2


class InviteProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"
    GROUP_ENDED = "ended"  # the group has finished and is archived (read-only)


class InviteError(Exception):
    """A coordinator's request that can't be done; the message says why, in plain words."""


def new_token() -> str:
    """128 random bits, URL-safe. Never starting with '-', which a command line reads as an
    option (`admin revoke -xyz…`)."""
    while True:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if token[0] != "-":
            return token


def invite_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


def problem_with(invite: Invite | None, now: datetime) -> InviteProblem | None:
    """Why an invite can't be used now, or None if it can."""
    if invite is None:
        return InviteProblem.UNKNOWN
    if invite.revoked_at is not None:
        return InviteProblem.REVOKED
    if invite.uses >= invite.max_uses:
        return InviteProblem.USED
    if invite.expires_at <= now:
        return InviteProblem.EXPIRED
    return None


@dataclass(frozen=True)
class InvitePlace:
    """Where an invite leads, for the notice and the welcome."""

    invite: Invite
    group: Group | None
    area: Area | None


async def create_invite(
    repos: Repos,
    *,
    role: Role,
    now: datetime,
    group: Group | None = None,
    area: Area | None = None,
    backup: bool = False,
    uses: int | None = None,
    expires_days: int = 30,
    personal_name: str | None = None,
    created_by: int | None = None,
) -> Invite:
    """Make an invitation after checking it makes sense for the role."""
    if role in (Role.PEER, Role.PSF) and group is None:
        raise InviteError(f"An invitation for a {role.value} needs a group.")
    if role is Role.NURSE and area is None:
        raise InviteError("An invitation for a nurse needs an area.")
    if backup and role is not Role.NURSE:
        raise InviteError("Only a nurse can be a backup.")
    if not 1 <= expires_days <= 365:
        raise InviteError("An invitation must expire after 1 to 365 days.")
    max_uses = (
        uses
        if uses is not None
        else (1 if personal_name or role is not Role.PEER else GROUP_LINK_USES)
    )
    if not 1 <= max_uses <= 500:
        raise InviteError("An invitation can be used 1 to 500 times.")
    return await repos.invites.add(
        token=new_token(),
        role=role,
        group_id=group.id if group else None,
        area_id=area.id if area else (group.area_id if group else None),
        is_backup=backup,
        personal_name=personal_name,
        max_uses=max_uses,
        expires_at=now + timedelta(days=expires_days),
        created_by=created_by,
        now=now,
    )


async def place_of(repos: Repos, invite: Invite) -> InvitePlace:
    group = await repos.programme.group(invite.group_id) if invite.group_id else None
    area = await repos.programme.area(invite.area_id) if invite.area_id else None
    return InvitePlace(invite=invite, group=group, area=area)


class JoinStep(StrEnum):
    NEEDS_CONSENT = "needs consent"  # show the privacy notice
    JOINED = "joined"  # already agreed before: joined at once
    ALREADY = "already"  # already has exactly this role
    REFUSED = "refused"  # the token can't be used


@dataclass(frozen=True)
class JoinOutcome:
    step: JoinStep
    place: InvitePlace | None = None
    problem: InviteProblem | None = None
    person: Person | None = None


async def begin_join(
    repos: Repos, *, telegram_id: int, token: str, display_name: str, now: datetime
) -> JoinOutcome:
    """Someone tapped an invitation link (`/start <token>`)."""
    invite = await repos.invites.get(token) if TOKEN_SHAPE.match(token) else None
    problem = problem_with(invite, now)
    if problem is not None or invite is None:
        return JoinOutcome(JoinStep.REFUSED, problem=problem or InviteProblem.UNKNOWN)
    if invite.group_id is not None and await is_archived(repos, invite.group_id):
        return JoinOutcome(JoinStep.REFUSED, problem=InviteProblem.GROUP_ENDED)
    place = await place_of(repos, invite)
    person = await repos.people.by_telegram_id(telegram_id)
    if person is not None and await _has_role(repos, person, invite):
        return JoinOutcome(JoinStep.ALREADY, place=place, person=person)
    if person is not None and (person.consent_version or 0) >= PRIVACY_NOTICE_VERSION:
        await _grant(repos, person=person, invite=invite, now=now)
        return JoinOutcome(JoinStep.JOINED, place=place, person=person)
    await repos.invites.hold_join(telegram_id=telegram_id, token=token, now=now)
    return JoinOutcome(JoinStep.NEEDS_CONSENT, place=place)


async def agree(repos: Repos, *, telegram_id: int, display_name: str, now: datetime) -> JoinOutcome:
    """The person agreed to the privacy notice: store them and give them their role."""
    token = await repos.invites.held_join(telegram_id)
    person = await repos.people.by_telegram_id(telegram_id)
    if token is None:
        # A new notice version agreed by someone already in the programme.
        if person is None:
            return JoinOutcome(JoinStep.REFUSED, problem=InviteProblem.UNKNOWN)
        await repos.people.record_consent(person.id, PRIVACY_NOTICE_VERSION, now)
        return JoinOutcome(JoinStep.ALREADY, person=person)
    await repos.invites.drop_held_join(telegram_id)
    invite = await repos.invites.get(token)
    problem = problem_with(invite, now)
    if problem is not None or invite is None:
        return JoinOutcome(JoinStep.REFUSED, problem=problem or InviteProblem.UNKNOWN)
    if person is None:
        person = await repos.people.add(
            display_name=invite.personal_name or display_name, telegram_id=telegram_id, now=now
        )
    await repos.people.record_consent(person.id, PRIVACY_NOTICE_VERSION, now)
    await _grant(repos, person=person, invite=invite, now=now)
    return JoinOutcome(JoinStep.JOINED, place=await place_of(repos, invite), person=person)


async def decline(repos: Repos, *, telegram_id: int) -> None:
    """'Not now': forget the pending join; nothing else was stored."""
    await repos.invites.drop_held_join(telegram_id)


async def _has_role(repos: Repos, person: Person, invite: Invite) -> bool:
    if invite.role is Role.COORDINATOR:
        return person.is_coordinator
    if invite.role is Role.NURSE:
        roles = await repos.people.nurse_roles_of(person.id)
        return any(r.area_id == invite.area_id and r.is_backup == invite.is_backup for r in roles)
    memberships = await repos.people.memberships_of(person.id)
    return any(m.group_id == invite.group_id and m.role is invite.role for m in memberships)


async def _grant(repos: Repos, *, person: Person, invite: Invite, now: datetime) -> None:
    if not await repos.invites.use(invite.token):
        raise InviteError("This invitation has just been used up.")
    if invite.role is Role.COORDINATOR:
        await repos.people.make_coordinator(person.id)
    elif invite.role is Role.NURSE:
        if invite.area_id is None:
            raise RuntimeError("missing: invite.area_id")
        await repos.people.add_nurse(
            area_id=invite.area_id, person_id=person.id, is_backup=invite.is_backup, now=now
        )
    else:
        if invite.group_id is None:
            raise RuntimeError("missing: invite.group_id")
        await repos.people.join_group(
            group_id=invite.group_id, person_id=person.id, role=invite.role, now=now
        )
        repos.sweep_soon()  # the newcomer's dates and reminders are arranged by the sweep
