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
    lines = [texts.HELP_TITLE, ""]
    lines += [f"<b>{esc(entry.label)}</b> — {entry.explains}" for entry in menu.entries_for(actor)]
    lines += ["", texts.HELP_FOOTER]
    await reply(update, context, menu.message(actor, "\n".join(lines)))


FEATURE = Feature(
    name="help",
    commands=(Command("help", help_command, "What the buttons do"),),
    menu=(MenuEntry(texts.HELP_LABEL, frozenset(Role), help_command, texts.HELP_EXPLAINS),),
)
