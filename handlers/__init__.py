"""Telegram handlers, one module per feature; `register_all` wires them in a fixed order."""

from __future__ import annotations

from typing import Any

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.texts import common as texts
from handlers import (
    account,
    checkins,
    concerns,
    content,
    group,
    joining,
    lifecycle,
    meetings,
    oversight,
    safety,
    start,
    suggestions,
    tasks,
    understanding,
)
from handlers.common import Context, Feature, answer_button, current_actor, note_update, reply
from handlers.errors import on_error
from handlers.menu import Menu, menu_of
from handlers.router import MessageRouter
from handlers.safety import emergency_guard

# The order of features is the order of their buttons in each role's menu.
FEATURES: tuple[Feature, ...] = (
    joining.FEATURE,
    meetings.FEATURE,
    checkins.FEATURE,
    group.FEATURE,
    content.FEATURE,
    suggestions.FEATURE,
    concerns.FEATURE,
    oversight.FEATURE,
    tasks.FEATURE,
    lifecycle.FEATURE,
    account.FEATURE,
    safety.FEATURE,
    understanding.FEATURE,
    start.FEATURE,
)

NOTE_GROUP = -3  # who the update is from, for answers that must wait for Telegram
SAFETY_GROUP = -2  # emergency numbers first, before anything else; never stops the update
CONSENT_GROUP = -1  # someone who must agree to a new privacy notice is asked to first
MAIN_GROUP = 0


async def unknown_command(update: Update, context: Context) -> None:
    """A command nobody registered: say so and show the menu."""
    actor = await current_actor(update, context)
    await reply(update, context, menu_of(context).message(actor, texts.DID_NOT_UNDERSTAND))


async def stale_button(update: Update, context: Context) -> None:
    """A button whose data matches no feature: an old message, or forged data."""
    await answer_button(update, texts.STALE_BUTTON, alert=True)


def register_all(
    app: Application[Any, Any, Any, Any, Any, Any],
    features: tuple[Feature, ...] = FEATURES,
) -> None:
    """Add every feature's handlers to the application. Order matters; see the comments."""
    app.bot_data["menu"] = Menu([entry for feature in features for entry in feature.menu])
    app.bot_data["words_action"] = understanding.act_on_words
    app.add_handler(TypeHandler(Update, note_update), group=NOTE_GROUP)
    # Safety first: emergency phrases in any text are answered before anything else runs.
    app.add_handler(
        MessageHandler(filters.TEXT | filters.CAPTION, emergency_guard), group=SAFETY_GROUP
    )
    app.add_handler(TypeHandler(Update, joining.consent_gate), group=CONSENT_GROUP)
    app.add_handler(
        ChatMemberHandler(account.blocked_or_unblocked, ChatMemberHandler.MY_CHAT_MEMBER),
        group=MAIN_GROUP,
    )
    for feature in features:
        for command in feature.commands:
            app.add_handler(CommandHandler(command.name, command.handler), group=MAIN_GROUP)
        for family, handler in feature.callbacks:
            app.add_handler(
                CallbackQueryHandler(handler, pattern=family.pattern()), group=MAIN_GROUP
            )
    inputs = {kind: handler for feature in features for kind, handler in feature.inputs.items()}
    # After the commands: any other command is unknown; any other message goes to the router.
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command), group=MAIN_GROUP)
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND, MessageRouter(inputs)),
        group=MAIN_GROUP,
    )
    app.add_handler(CallbackQueryHandler(stale_button), group=MAIN_GROUP)
    app.add_error_handler(on_error)


def bot_commands(features: tuple[Feature, ...] = FEATURES) -> list[BotCommand]:
    """The commands shown in Telegram's / menu."""
    return [
        BotCommand(command.name, command.description)
        for feature in features
        for command in feature.commands
        if command.description
    ]
