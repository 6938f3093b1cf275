"""/start and /help: a greeting, the right menu, and what each button does."""

from __future__ import annotations

from telegram import Update

from bot.texts import common as texts
from bot.texts import esc
from handlers.common import Command, Context, Feature, current_actor, reply
from handlers.menu import menu_of


async def start(update: Update, context: Context) -> None:
    """Greet the person and show their menu, or tell a stranger how to join."""
    actor = await current_actor(update, context)
    menu = menu_of(context)
    if actor is None:
        await reply(update, context, menu.message(None, texts.STRANGER))
        return
    await reply(update, context, menu.message(actor, texts.welcome_back(actor.person.display_name)))


async def help_command(update: Update, context: Context) -> None:
    """Explain each button of the person's menu in plain words."""
    actor = await current_actor(update, context)
    menu = menu_of(context)
    if actor is None:
        await reply(update, context, menu.message(None, texts.HELP_STRANGER))
        return
    lines = [texts.HELP_TITLE, ""]
    lines += [f"<b>{esc(entry.label)}</b> — {entry.explains}" for entry in menu.entries_for(actor)]
    lines += ["", texts.HELP_FOOTER]
    await reply(update, context, menu.message(actor, "\n".join(lines)))


FEATURE = Feature(
    name="start",
    commands=(
        Command("start", start, "Start, or show the main menu"),
        Command("help", help_command, "What the buttons do"),
    ),
)
