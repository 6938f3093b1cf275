"""Anything that sounds like an emergency gets the numbers to call first, before anything else."""

from __future__ import annotations

from telegram import Update

from bot.messages import OutMessage
from bot.safety import mentions_emergency
from bot.texts import common as texts
from handlers.common import Context, reply


async def emergency_guard(update: Update, context: Context) -> None:
    """Send the emergency numbers if the message mentions an emergency; other handlers go on."""
    message = update.effective_message
    if message is None:
        return
    said = message.text or message.caption or ""
    settings = context.services.settings
    if mentions_emergency(said, settings.emergency_phrases):
        await reply(
            update,
            context,
            OutMessage(texts.emergency(settings.emergency_number, settings.urgent_advice_number)),
        )
