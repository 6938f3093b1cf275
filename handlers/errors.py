"""The one error handler: log what went wrong (no personal data), tell the user kindly."""

from __future__ import annotations

import logging

from telegram import Update

from bot.auth import NotAllowed
from bot.callbacks import BadCallback
from bot.delivery import hold_reply
from bot.messages import OutMessage
from bot.outbound import Outcome
from bot.storage import StorageBusy, StorageFull
from bot.telegram_health import transient_cause
from bot.texts import common as texts
from handlers.common import Context

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Turn a failure in a handler into a short, kind message."""
    error = context.error
    if error is not None and transient_cause(error) is not None:
        # Telegram misbehaving: logged once per period by bot.health, not here. This is also
        # where `run_polling` sends failed polls (update None): nobody to tell.
        log.debug("Telegram failed while handling an update")
        text = texts.TELEGRAM_TROUBLE
    elif isinstance(error, StorageBusy | StorageFull):
        # Logged once per period by the database (bot/storage/database.py), not per tap.
        log.debug("Could not save while handling an update: %s", type(error).__name__)
        text = texts.DATABASE_BUSY if isinstance(error, StorageBusy) else texts.DISK_FULL
    elif isinstance(error, NotAllowed):
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
        except Exception as exc:  # the query may be too old to answer; the message still helps
            level = logging.DEBUG if transient_cause(exc) else logging.INFO
            log.log(level, "Could not answer a callback query after an error")
        else:
            return
    user_id = update.effective_user.id
    message = OutMessage(text)
    result = await context.services.outbound.send(user_id, message)
    if result.outcome is Outcome.UNAVAILABLE:
        await hold_reply(context.services, user_id, message)
