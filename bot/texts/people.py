"""Texts about people: joining, leaving, privacy, reachability."""

from __future__ import annotations

from bot.texts import esc


def member_unreachable(name: str, group: str) -> str:
    return (
        f"ℹ️ Messages to <b>{esc(name)}</b> ({esc(group)}) are not getting through — "
        "they may have stopped the bot on their phone. I won't send them reminders for now. "
        "You might like to give them a ring or a printed slip."
    )
