"""❓ Help and /help: what each button of the person's menu does."""

from __future__ import annotations

from telegram import Update

from bot.models import Role
from bot.texts import common as texts
from bot.texts import esc
from handlers.common import Command, Context, Feature, MenuEntry, current_actor, reply
from handlers.menu import menu_of


async def help_command(update: Update, context: Context) -> None:
    """Explain each button of the person's menu in plain words."""
    actor = await current_actor(update, context)
    menu = menu_of(context)
    if actor is None:
        await reply(update, context, menu.message(None, texts.HELP_STRANGER))
        return
    async with context.services.db.transaction() as repos:
        await repos.awaiting.clear(actor.person.id)  # /help always leaves any typed step
    lines = [texts.HELP_TITLE, ""]
    lines += [f"<b>{esc(entry.label)}</b> — {entry.explains}" for entry in menu.entries_for(actor)]
    lines += ["", texts.HELP_FOOTER]
    await reply(update, context, menu.message(actor, "\n".join(lines)))


async def cancel_command(update: Update, context: Context) -> None:
    """/cancel: stop whatever the bot was waiting for, and show the menu."""
    actor = await current_actor(update, context)
    menu = menu_of(context)
    if actor is None:
        await reply(update, context, menu.message(None, texts.HELP_STRANGER))
        return
    async with context.services.db.transaction() as repos:
        await repos.awaiting.clear(actor.person.id)
    await reply(update, context, menu.message(actor, texts.CANCELLED))


FEATURE = Feature(
    name="help",
    commands=(
        Command("help", help_command, "What the buttons do"),
        Command("cancel", cancel_command, "Stop what you were doing"),
    ),
    menu=(MenuEntry(texts.HELP_LABEL, frozenset(Role), help_command, texts.HELP_EXPLAINS),),
)
