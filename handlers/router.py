"""Messages that are not commands: a menu button, an answer the bot is waiting for, or neither."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import Update

from bot.auth import Actor
from bot.texts import common as texts
from handlers.common import Callback, Context, current_actor, reply
from handlers.menu import menu_of
from handlers.safety import emergency_in
from handlers.understanding import act_on_words

MAX_TEXT = 3500


class MessageRouter:
    def __init__(self, inputs: Mapping[str, Callback]) -> None:
        self._inputs = dict(inputs)

    async def __call__(self, update: Update, context: Context) -> None:
        """Route a message to the menu, to the awaited answer, or say kindly what to do."""
        message = update.effective_message
        if message is None:
            return
        actor = await current_actor(update, context)
        menu = menu_of(context)
        if actor is None:
            await reply(update, context, menu.message(None, texts.STRANGER))
            return
        async with context.services.db.read() as repos:
            awaiting = await repos.awaiting.get(actor.person.id)
        text = message.text
        if text is not None:
            handler = menu.handler_for(actor, text)
            if handler is not None:
                if awaiting is not None:  # a menu button leaves any typed step
                    async with context.services.db.transaction() as repos:
                        await repos.awaiting.clear(actor.person.id)
                await handler(update, context)
                return
        if awaiting is not None and awaiting.kind in self._inputs:
            await self._inputs[awaiting.kind](update, context)
            return
        await _not_awaited(update, context, actor, text)


async def _not_awaited(update: Update, context: Context, actor: Actor, text: str | None) -> None:
    """Words typed outside any step: understood, never a dead end."""
    if text is None:
        await reply(update, context, menu_of(context).message(actor, texts.UNEXPECTED_MEDIA))
        return
    if emergency_in(text, context) is not None:
        return  # the emergency answer (and any question) has been given by the guard
    if len(text) > MAX_TEXT:
        await reply(update, context, menu_of(context).message(actor, texts.DID_NOT_UNDERSTAND))
        return
    await act_on_words(update, context, actor, text)
