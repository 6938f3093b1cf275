"""The privacy notice: a first screen of essentials, then "More" for the rest, for each role.

Written for a health study under UK GDPR and the Health Research Authority's transparency
guidance: who holds the data and why, that it is health data, Telegram, what others write about
you, how long each kind is kept, every right and how to complain, and that leaving never
affects NHS care. The programme fills in who it is in settings (see `NoticeFacts`).

A change of wording here must come with a new `PRIVACY_NOTICE_VERSION` (bot/membership/invites.py)
so everyone is asked again; tests/membership/test_privacy.py holds the wording to its version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.models import Role
from bot.texts import esc

if TYPE_CHECKING:
    from bot.auth import Actor
    from bot.config import Settings

NOBODY_NAMED = "the study team"
ICO_WEBSITE = "ico.org.uk"
ICO_PHONE = "0303 123 1113"
TELEGRAM_PRIVACY = "telegram.org/privacy"

MORE = "📄 More"
BACK = "⬅️ Back"


@dataclass(frozen=True)
class NoticeFacts:
    """What the notice says about this programme, from settings (defaults where unset)."""

    sponsor: str = NOBODY_NAMED
    sponsor_contact: str | None = None
    data_protection_officer: str | None = None
    lawful_basis: str = ""
    kept_after_study: str = "up to a year"
    research_kept: str = "for as long as the sponsor's research rules say, then it is deleted"
    notice_url: str | None = None
    emergency_number: str = "999"

    @classmethod
    def from_settings(cls, settings: Settings) -> NoticeFacts:
        return cls(
            sponsor=(settings.study_sponsor or "").strip() or NOBODY_NAMED,
            sponsor_contact=(settings.study_sponsor_contact or "").strip() or None,
            data_protection_officer=(settings.data_protection_officer or "").strip() or None,
            lawful_basis=settings.lawful_basis,
            kept_after_study=settings.data_kept_after_study,
            research_kept=settings.research_data_kept,
            notice_url=(settings.privacy_notice_url or "").strip() or None,
            emergency_number=settings.emergency_number,
        )


def notice_role(actor: Actor | None) -> Role:
    """The role whose notice a person reads: the most involved one they have."""
    if actor is None:
        return Role.PEER
    if actor.is_coordinator:
        return Role.COORDINATOR
    for role in (Role.NURSE, Role.PSF):
        if role in actor.roles:
            return role
    return Role.PEER


# What each role's details are, in a few words.
_WE_KEEP = {
    Role.PEER: (
        "your name, your group, your answers to meeting invites, whether you came, "
        "and what you write here"
    ),
    Role.PSF: (
        "your name, your group, your check-ins after meetings, and your messages to the nurse"
    ),
    Role.NURSE: "your name, your area, what you write back, and the days you are away",
    Role.COORDINATOR: "your name, and the links and groups you set up",
}
_WHO_SEES = {
    Role.PEER: (
        "Your facilitators and the study nurse see it. Researchers see it without your name."
    ),
    Role.PSF: (
        "The other facilitators of your group see who came. The study nurse sees your messages. "
        "Researchers read your check-ins without names."
    ),
    Role.NURSE: ("Facilitators in your area see your name and what you write back to them."),
    Role.COORDINATOR: "Other coordinators see your name. Researchers never see it.",
}


def _holder(facts: NoticeFacts) -> str:
    return "The study team" if facts.sponsor == NOBODY_NAMED else esc(facts.sponsor)


def essentials(role: Role, facts: NoticeFacts) -> str:
    """The first screen: enough to decide, with the rest a tap away (More)."""
    lines = [
        "<b>Your data in Peer Circle</b>",
        "",
        f"{_holder(facts)} runs this study and looks after your data.",
        f"• We keep {_WE_KEEP[role]}.",
        f"• {_WHO_SEES[role]}",
    ]
    if role in (Role.PEER, Role.PSF):
        lines.append("• Being in a group shows you have diabetes, so we take extra care with it.")
    lines += [
        "• Messages pass through Telegram, a company outside the UK.",
        "• You can see your data, change it or have it deleted at any time.",
        "• Leaving never affects your NHS care.",
        "",
        "Tap <b>More</b> to read who to contact, how long we keep things, and all your rights.",
        "",
        "Peer Circle is not a medical service. For health worries, talk to your GP, practice "
        f"nurse or pharmacist. In an emergency, call {esc(facts.emergency_number)}.",
    ]
    return "\n".join(lines)


def _who_holds(facts: NoticeFacts) -> str:
    lines = [
        "<b>Who looks after your data</b>",
        f"{_holder(facts)} is in charge of your data. The law calls them the data controller.",
    ]
    if facts.sponsor_contact:
        lines.append(f"Questions: {esc(facts.sponsor_contact)}")
    if facts.data_protection_officer:
        lines.append(f"Data protection officer: {esc(facts.data_protection_officer)}")
        lines.append("Their job is to make sure your data is handled the right way.")
    else:
        lines.append("Ask your facilitator or the study nurse who checks that we keep the law.")
    return "\n".join(lines)


def _why(facts: NoticeFacts) -> str:
    return f"<b>Why we may use it</b>\n{esc(facts.lawful_basis)}"


HEALTH_DATA = (
    "<b>Your health</b>\n"
    "Being in a diabetes group says something about your health. The law calls this special "
    "category data, and asks for extra care. Only the people named here can see it. It is kept "
    "in one locked database. Researchers get it without names."
)
TELEGRAM = (
    "<b>Telegram</b>\n"
    "Your messages with Peer Circle pass through Telegram. It is a company outside the UK, with "
    f"its own rules on what it keeps: {TELEGRAM_PRIVACY}. So please don't write more about "
    "your health here than you need to."
)
_OTHERS_WRITE = {
    Role.PEER: (
        "<b>What others write about you</b>\n"
        "After each meeting, facilitators tick who came and may write a few words. If they are "
        "worried about you, they may tell the study nurse. This can include a photo or a voice "
        "note. Only your facilitators and the nurse for your area see it. Researchers see it "
        "without your name. Ask the study team if you'd like to know what was written."
    ),
    Role.PSF: (
        "<b>What others write about you</b>\n"
        "The other facilitators of your group can tick who came, and the nurse replies to your "
        "messages. Peers may rate a meeting, but never by name. Researchers see it all "
        "without your name."
    ),
    Role.NURSE: (
        "<b>What others write about you</b>\n"
        "Facilitators name you when they send you a worry, and see your replies. The study team "
        "sees how long replies took, for the research."
    ),
    Role.COORDINATOR: (
        "<b>What others write about you</b>\n"
        "Nothing, as a rule. Other coordinators see which links and groups you set up."
    ),
}


def _how_long(facts: NoticeFacts) -> str:
    return (
        "<b>How long we keep it</b>\n"
        "• Your name and what you wrote: while your group runs, and for "
        f"{esc(facts.kept_after_study)} after the study ends. Then it is deleted.\n"
        "• Messages to the nurse: the same.\n"
        "• Numbers without names, such as how many came: for the study's results.\n"
        f"• Research data, without names: {esc(facts.research_kept)}."
    )


RIGHTS = (
    "<b>Your rights</b>\n"
    "• See your data: send /mydata.\n"
    "• Take it with you: /mydata also sends a file you can use elsewhere.\n"
    "• Put it right: tell your facilitator or the study team.\n"
    "• Limit how we use it, or object to it: ask the study team. To stop messages, send /pause.\n"
    "• Have it deleted: send /forget.\n"
    "For research, the law sometimes limits these rights. If so, the study team will tell you why."
)


def _complain(facts: NoticeFacts) -> str:
    return (
        "<b>If you are unhappy</b>\n"
        "Please tell the study team first. You can also complain to the Information "
        f"Commissioner's Office (ICO): {ICO_WEBSITE} or {ICO_PHONE}."
    )


LEAVING = (
    "<b>Leaving</b>\n"
    "You can leave at any time and don't need to say why. Leaving never affects your NHS care."
)


def more(role: Role, facts: NoticeFacts) -> str:
    """Everything else, after the essentials."""
    return "\n\n".join(
        [
            _who_holds(facts),
            _why(facts),
            HEALTH_DATA,
            TELEGRAM,
            _OTHERS_WRITE[role],
            _how_long(facts),
            RIGHTS,
            _complain(facts),
            LEAVING,
        ]
    )


def slip_notice(facts: NoticeFacts) -> str:
    """The short version on a printed slip, for peers without Telegram."""
    where = f"Read it all at {facts.notice_url}" if facts.notice_url else "Ask a facilitator"
    return (
        f"Your data: {facts.sponsor} keeps your name and whether you came, for a health study. "
        "Researchers see it without your name. You can see it or have it deleted. Leaving never "
        f"affects your NHS care. {where} for the full privacy notice, and your rights."
    )
