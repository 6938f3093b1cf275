"""What every feature module shares: the context type, the Feature declaration, replies."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from telegram import CallbackQuery, Message, Update, User
from telegram.ext import CallbackContext, ExtBot

from bot import people
from bot.auth import Actor
from bot.callbacks import CallbackData
from bot.messages import OutMessage
from bot.models import Role
from bot.outbound import SendResult
from bot.services import Services


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context with typed access to the core's services."""

    @property
    def services(self) -> Services:
        return cast(Services, self.bot_data["services"])


Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


class NoLongerAwaited(Exception):
    """Raised by a feature's input handler when the step it waited for has gone stale (and
    was cleared): the router then treats the words as typed outside any step."""


@dataclass(frozen=True)
class Command:
    name: str
    handler: Callback
    description: str  # shown in Telegram's command list; empty hides it


@dataclass(frozen=True)
class MenuEntry:
    """A big button on a role's main menu, and the line /help says about it."""

    label: str
    roles: frozenset[Role]
    handler: Callback
    explains: str


@dataclass(frozen=True)
class Feature:
    """Everything one feature module hooks into the application."""

    name: str
    commands: Sequence[Command] = ()
    callbacks: Sequence[tuple[type[CallbackData], Callback]] = ()
    menu: Sequence[MenuEntry] = ()
    # Awaited input kinds (see bot.storage.awaiting) this feature answers.
    inputs: Mapping[str, Callback] = field(default_factory=dict)


D = TypeVar("D", bound=CallbackData)


def pressed(update: Update, family: type[D]) -> D:
    """The pressed button's data, parsed and checked (BadCallback if it doesn't fit)."""
    query = update.callback_query
    return family.parse(query.data if query is not None else None)


def services_of(context: Context) -> Services:
    return context.services


def sender(update: Update) -> User:
    user = update.effective_user
    if user is None:  # channel posts and the like never reach feature handlers
        raise RuntimeError("update without a user")
    return user


async def current_actor(update: Update, context: Context) -> Actor | None:
    """The person behind this update (None for a stranger), with their name kept current."""
    user = sender(update)
    name = people.display_name(user.first_name, user.last_name)
    return await people.identify(context.services, user.id, name)


async def reply(update: Update, context: Context, message: OutMessage) -> SendResult:
    """Answer in the chat the update came from, through the one outbound path."""
    return await context.services.outbound.send(sender(update).id, message)


async def show(update: Update, context: Context, message: OutMessage) -> SendResult:
    """Answer a button press by editing the message it was on (or by replying to text)."""
    query = update.callback_query
    editable = message.menu is None and message.attachment is None and not message.remove_menu
    if query is not None and isinstance(query.message, Message) and editable:
        return await context.services.outbound.edit(
            query.message.chat_id, query.message.message_id, message
        )
    return await reply(update, context, message)


async def answer_button(update: Update, text: str | None = None, *, alert: bool = False) -> None:
    """Stop the button's spinner, optionally with a short note."""
    query: CallbackQuery | None = update.callback_query
    if query is not None:
        await query.answer(text, show_alert=alert)
