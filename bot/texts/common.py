"""Texts shared by every feature: greetings, help, errors, the emergency answer."""

from __future__ import annotations

from bot.texts import esc

BOT_DESCRIPTION = (
    "Peer Circle helps diabetes peer support groups. It sends meeting reminders and shows "
    "who is coming. It has ideas for sessions, local help, and a line to the study nurse."
)

STRANGER = (
    "Hello! I'm Peer Circle, the helper for local diabetes peer support groups.\n\n"
    "To join a group you need an invitation link from your group's facilitator. "
    "Please ask them for one, then tap it — that's all."
)

HELP_STRANGER = (
    "I can only help members of a Peer Circle group.\n\n"
    "Ask your group's facilitator (or the study nurse) for an invitation link and tap it."
)


def welcome_back(name: str) -> str:
    return f"Welcome back, {esc(name)}. Choose from the buttons below."


MENU_HINT = "Choose from the buttons below."
CANCELLED = "OK, stopped. Choose from the buttons below."
HELP_LABEL = "❓ Help"
HELP_EXPLAINS = "this explanation"
HELP_TITLE = "<b>How to use Peer Circle</b>"
HELP_FOOTER = (
    "You never need to type commands: the big buttons at the bottom of the screen do "
    "everything. If they disappear, tap the small square icon next to where you type, or "
    "send /start.\n\n"
    "Other things you can send:\n"
    "/mydata — a copy of what Peer Circle keeps about you\n"
    "/pause and /resume — stop or restart messages\n"
    "/leave — leave a group\n"
    "/forget — remove your details from Peer Circle"
)

NOT_ALLOWED = "Sorry, that isn't open to you."
STALE_BUTTON = "That button doesn't work any more. Please use the buttons below."
UNEXPECTED_MEDIA = (
    "Thank you — I can't use stickers, photos or voice messages here. "
    "Please use the buttons below, or type your answer."
)
DID_NOT_UNDERSTAND = "Sorry, I didn't understand that. Please choose from the buttons below."
TOO_LONG = "That message is very long. Please keep it under {limit} characters and send it again."
SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on our side. Nothing you did caused it. "
    "Please try again in a minute."
)
DATABASE_BUSY = (
    "Sorry, Peer Circle is busy for a moment and couldn't save that. Please try again in a minute."
)
DISK_FULL = (
    "Sorry, Peer Circle can't save anything just now, so that didn't go through. "
    "Please try again later."
)
TELEGRAM_TROUBLE = (
    "Sorry, Telegram had a problem just then, so that may not have worked. Please try again."
)
NOT_A_CLINICAL_SERVICE = "Peer Circle is not a medical service."


def emergency(emergency_number: str, urgent_number: str) -> str:
    """The first answer to anything that sounds like an emergency."""
    return (
        "⚠️ <b>If someone is in danger or very ill right now, call "
        f"{esc(emergency_number)}.</b>\n"
        f"If you need medical help fast but it is not an emergency, call {esc(urgent_number)}.\n\n"
        "Peer Circle is not a medical service, and nobody watches these messages all day and "
        "night."
    )
