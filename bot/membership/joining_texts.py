"""Texts for joining: invitation problems, the privacy notice, welcomes."""

from __future__ import annotations

from bot.membership import privacy_texts
from bot.membership.invites import InviteProblem
from bot.membership.privacy_texts import NoticeFacts
from bot.models import Role
from bot.texts import esc

AGREE = "✅ I agree"
NOT_NOW = "Not now"

INVITE_PROBLEM = {
    InviteProblem.UNKNOWN: (
        "Sorry, I don't recognise that invitation link. Please check you tapped the whole "
        "link, or ask your facilitator for a new one."
    ),
    InviteProblem.EXPIRED: (
        "Sorry, that invitation link is too old now. Please ask your facilitator for a new "
        "one. It only takes them a moment."
    ),
    InviteProblem.USED: (
        "That invitation link has already been used. If it was meant for you, please ask your "
        "facilitator for a new one."
    ),
    InviteProblem.REVOKED: (
        "That invitation link has been taken back. Please ask your facilitator to send you a "
        "new one."
    ),
    InviteProblem.GROUP_ENDED: (
        "Sorry, that group has finished, so it can't take anyone new. Please ask your "
        "facilitator or study nurse about other groups near you."
    ),
}


def joining_what(role: Role, group: str | None, area: str | None, backup: bool) -> str:
    if role is Role.PEER:
        return (
            f"You've been asked to join <b>{esc(group or '')}</b>. It is a peer support group "
            "for people with diabetes."
        )
    if role is Role.PSF:
        return f"You've been invited to be a facilitator of <b>{esc(group or '')}</b>."
    if role is Role.NURSE:
        kind = "backup nurse" if backup else "nurse"
        return f"You've been invited to be the {kind} for <b>{esc(area or '')}</b>."
    return "You've been invited to be a Peer Circle coordinator."


def privacy_notice(invited_to: str | None, role: Role, facts: NoticeFacts) -> str:
    """The notice's essentials with the question that goes with the Agree / Not now buttons."""
    opening = f"{invited_to}\n\n" if invited_to else ""
    return f"{opening}{privacy_texts.essentials(role, facts)}\n\nAre you happy to go ahead?"


AGREED = (
    "✅ Thank you. You agreed to how Peer Circle keeps your details. "
    "To read it again, send /privacy."
)
UPDATED_NOTICE_INTRO = "We've updated how Peer Circle looks after your details. Please read it."
DECLINED = (
    "That's fine — nothing about you has been kept. If you change your mind, just tap the "
    "invitation link again."
)


def welcome(role: Role, name: str, group: str | None, area: str | None, backup: bool) -> str:
    first = esc(name.split(maxsplit=1)[0]) if name else "there"
    if role is Role.PEER:
        return (
            f"Welcome to {esc(group or 'the group')}, {first}! 🎉\n\n"
            "I'll remind you before each meeting, and you can say whether you're coming with "
            "one tap. Everything else is in the big buttons below."
        )
    if role is Role.PSF:
        return (
            f"Welcome, {first} — you're now a facilitator of {esc(group or 'the group')}.\n\n"
            "With the buttons below you can plan meetings and see who's coming. You can also "
            "get ideas for sessions, invite peers and contact the nurse. Tap ❓ Help any time."
        )
    if role is Role.NURSE:
        kind = "backup nurse" if backup else "nurse"
        return (
            f"Welcome, {first}. You're the {kind} for {esc(area or 'your area')}.\n\n"
            "Concerns from facilitators will come to you here during office hours."
        )
    return (
        f"Welcome, {first}. You're a coordinator for Peer Circle. You can use the buttons below "
        "to make invite links."
    )


def already(role: Role, group: str | None, area: str | None) -> str:
    where = group or area
    if where:
        return f"You're already in {esc(where)} — here's your menu."
    return "You already have that role — here's your menu."
