"""The big-button main menu of each role, assembled from what the features offer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import cast

from telegram import Update

from bot.auth import Actor
from bot.messages import OutMessage
from bot.models import Role
from bot.texts import common as texts
from handlers.common import Callback, Context, MenuEntry, answer_button, current_actor, reply

PER_ROW = 2
# Buttons appear in this order of roles, so someone with two roles sees a familiar layout.
ROLE_ORDER = (Role.PSF, Role.PEER, Role.NURSE, Role.COORDINATOR)


class Menu:
    def __init__(self, entries: Sequence[MenuEntry]) -> None:
        self._entries = list(entries)

    def entries_for(self, actor: Actor | None) -> list[MenuEntry]:
        roles = actor.roles if actor is not None else frozenset()
        chosen: list[MenuEntry] = []
        for role in ROLE_ORDER:
            if role not in roles:
                continue
            for entry in self._entries:
                if role in entry.roles and entry not in chosen:
                    chosen.append(entry)
        return chosen

    def keyboard_for(self, actor: Actor | None) -> tuple[tuple[str, ...], ...]:
        labels = [entry.label for entry in self.entries_for(actor)]
        return tuple(tuple(labels[i : i + PER_ROW]) for i in range(0, len(labels), PER_ROW))

    def handler_for(self, actor: Actor | None, label: str) -> Callback | None:
        for entry in self.entries_for(actor):
            if entry.label == label:
                return entry.handler
        return None

    def is_label(self, text: str) -> bool:
        return any(entry.label == text for entry in self._entries)

    def message(self, actor: Actor | None, text: str = texts.MENU_HINT) -> OutMessage:
        """A message that (re)shows the actor's menu under `text`."""
        keyboard = self.keyboard_for(actor)
        if not keyboard:
            return OutMessage(text, remove_menu=True)
        return OutMessage(text, menu=keyboard)


def menu_of(context: Context) -> Menu:
    return cast(Menu, context.bot_data["menu"])


# What to do with words typed outside any step (handlers/understanding.py, set at wiring), for
# the features that end a step and hand the words on.
WordsAction = Callable[[Update, Context, Actor, str], Awaitable[None]]


def words_action_of(context: Context) -> WordsAction:
    return cast(WordsAction, context.bot_data["words_action"])


async def member_or_welcome(update: Update, context: Context) -> Actor | None:
    """The person behind the update, or None after telling a stranger how to join."""
    actor = await current_actor(update, context)
    if actor is None:
        await answer_button(update)
        await reply(update, context, menu_of(context).message(None, texts.STRANGER))
    return actor
