"""Texts for a person's own settings and privacy: /mydata, /pause, /resume, /leave, /forget."""

from __future__ import annotations

from bot.texts import LABEL_MAX_LENGTH, esc, fit

MENU_LABEL = "⚙️ My settings"
EXPLAINS = "stop or start messages, see your data, leave a group, or be forgotten"
SETTINGS_TITLE = "<b>Your settings</b>\nWhat would you like to do?"
PAUSED_NOTE = "Messages are paused at the moment."
PAUSE = "🔕 Pause messages"
RESUME = "🔔 Restart messages"
MY_DATA = "📄 Send me my data"
LEAVE = "🚪 Leave a group"
FORGET = "🗑 Forget me"
BACK = "⬅️ Back"
CANCEL = "No, keep everything"

PAUSED = (
    "🔕 Messages paused. You're still in your group. I won't send you reminders until you "
    "turn them back on in ⚙️ My settings."
)
ALREADY_PAUSED = "Messages are already paused. Send /resume to restart them."
RESUMED = "🔔 Messages restarted. I'll remind you before meetings again."
NOT_PAUSED = "Messages are on. Send /pause if you'd like a break."
NOT_IN_A_GROUP = "You're not in a group at the moment."
CHOOSE_GROUP_TO_LEAVE = "Which group would you like to leave?"


def confirm_leave(group: str) -> str:
    return (
        f"Leave <b>{esc(group)}</b>? You'll stop getting its reminders. Your past attendance "
        "stays in the group's numbers without your name."
    )


def yes_leave(group: str) -> str:
    return "Yes, leave " + fit(group, LABEL_MAX_LENGTH - len("Yes, leave "))


def left(group: str) -> str:
    return (
        f"You've left {esc(group)}. Thank you for being part of it. If you'd like to come back, "
        "ask a facilitator for a new link."
    )


CONFIRM_FORGET = (
    "<b>Forget me?</b>\n\n"
    "This removes your name and everything you wrote from Peer Circle, and takes you out of "
    "your groups. Only anonymous numbers stay (for example, how many people came to a "
    "meeting). This can't be undone.\n\nYou can ask for a copy first with /mydata."
)
YES_FORGET = "Yes, forget me"
FORGOTTEN = (
    "Done — Peer Circle has removed your details. Thank you for taking part. You can delete "
    "this chat now. If you ever want to come back, you'll need a new invitation link."
)
GOODBYE = "Goodbye, and take care. 👋"
KEPT = "Nothing has changed."
