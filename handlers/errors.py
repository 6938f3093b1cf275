"""The one error handler: log what went wrong (no personal data), tell the user kindly."""

from __future__ import annotations

import logging

from telegram import Update

from bot.auth import NotAllowed
from bot.callbacks import BadCallback
from bot.messages import OutMessage
from bot.texts import common as texts
from handlers.common import Context

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Turn a failure in a handler into a short, kind message."""
    error = context.error
    if isinstance(error, NotAllowed):
        log.warning("Refused: person %s tried to %s", error.person_id, error.action.value)
        text = texts.NOT_ALLOWED
    elif isinstance(error, BadCallback):
        log.warning("Refused malformed button data (%s)", error)
        text = texts.STALE_BUTTON
    else:
        log.error("Unhandled error while processing an update", exc_info=error)
        text = texts.SOMETHING_WENT_WRONG
    if not isinstance(update, Update) or update.effective_user is None:
        return
    query = update.callback_query
    if query is not None:
        try:
            await query.answer(text, show_alert=True)
        except Exception:  # the query may be too old to answer; the message below still helps
            log.info("Could not answer a callback query after an error")
        else:
            return
    await context.services.outbound.send(update.effective_user.id, OutMessage(text))
