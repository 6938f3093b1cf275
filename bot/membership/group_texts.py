"""Texts for a group's roster, invitation links, and coordinators' links."""

from __future__ import annotations

from bot.membership.roster import Roster
from bot.models import Member
from bot.texts import esc

MENU_LABEL = "👥 Our group"
EXPLAINS = "who has joined, a link to invite peers, and adding people who don't use Telegram"
INVITE_LINK = "🔗 Link to invite peers"
QR_CODE = "🔳 Show a QR code"
ADD_OFFLINE = "➕ Add someone"
BACK = "⬅️ Back"
CHOOSE_GROUP = "Which group?"


def _member_line(member: Member) -> str:
    person = member.person
    notes = []
    if person.telegram_id is None and person.forgotten_at is None:
        notes.append("no Telegram — give them a printed slip")
    if person.paused_at is not None:
        notes.append("messages paused")
    if person.unreachable_at is not None:
        notes.append("messages not getting through")
    suffix = f" <i>({'; '.join(notes)})</i>" if notes else ""
    return f"• {esc(person.display_name)}{suffix}"


def roster(r: Roster) -> str:
    lines = [f"<b>{esc(r.group.name)}</b>", ""]
    lines.append(f"<b>Facilitators ({len(r.psfs)})</b>")
    lines += [_member_line(m) for m in r.psfs] or ["• none yet"]
    lines.append("")
    lines.append(f"<b>Peers ({len(r.peers)})</b>")
    lines += [_member_line(m) for m in r.peers] or [
        "• nobody yet — send them the invitation link below"
    ]
    if len(r.peers) < 8:
        lines += ["", "Groups work best with 8 or 9 peers; it's fine to invite a few more."]
    return "\n".join(lines)


def invite_link(group: str, link: str, uses: int, expires: str) -> str:
    return (
        f"Here is the link to join <b>{esc(group)}</b>:\n\n{link}\n\n"
        "Send it to the people you'd like to invite — by text message, email or WhatsApp. "
        "When they tap it on their phone, Telegram opens and they join the group.\n"
        f"It works for {uses} people until {expires}."
    )


def qr_caption(group: str) -> str:
    return (
        f"Point a phone's camera at this square to join {esc(group)}. "
        "Handy at a meeting: show it on your screen."
    )


ASK_OFFLINE_NAME = (
    "Type the person's name as the group knows them (for example <i>Margaret S</i>). "
    "They'll be counted at meetings and you can give them printed slips."
)
OFFLINE_NAME_PROBLEM = {
    "empty": "Please type a name.",
    "too long": "That's a bit long for a name — please keep it under 64 characters.",
    "command": "Please type just the person's name.",
}
NEED_TEXT_NAME = "Please type the person's name (words, not a picture or sticker)."


def offline_added(name: str, group: str) -> str:
    return f"✅ {esc(name)} is now in {esc(group)} (no Telegram)."


# audience: staff
# coordinators

COORD_MENU_LABEL = "🔗 Invite links"
COORD_EXPLAINS = "make a link for a facilitator, peer, nurse or coordinator"
CHOOSE_ROLE = "Who is the link for?"
ROLE_LABELS = {
    "psf": "Facilitator (PSF)",
    "peer": "Peers of a group",
    "nurse": "Nurse of an area",
    "backup": "Backup nurse",
    "coordinator": "Coordinator",
}
CHOOSE_AREA = "Which area?"
NO_GROUPS = "There are no groups yet. Add one with: python -m bot admin group add NAME --area AREA"
NO_AREAS = "There are no areas yet. Add one with: python -m bot admin area add NAME"


def personal_link(link_for: str, where: str | None, link: str, expires: str) -> str:
    what = {
        "psf": "a facilitator of",
        "peer": "peers of",
        "nurse": "the nurse for",
        "backup": "the backup nurse for",
        "coordinator": "a coordinator",
    }[link_for]
    target = f"{what} <b>{esc(where)}</b>" if where else what
    uses = "Many peers can use it" if link_for == "peer" else "It works once"
    return f"Link for {target}:\n\n{link}\n\n{uses}, until {expires}. Send it to them privately."
