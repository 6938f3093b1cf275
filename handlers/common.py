"""What every feature module shares: the context type, the Feature declaration, replies."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from telegram import CallbackQuery, Message, Update, User
from telegram.error import TelegramError
from telegram.ext import CallbackContext, ExtBot

from bot import people
from bot.auth import Actor
from bot.callbacks import CallbackData
from bot.delivery import hold_reply
from bot.messages import OutMessage
from bot.models import Role
from bot.outbound import Outcome, SendResult
from bot.services import Services
from bot.telegram_health import transient_cause


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context with typed access to the core's services."""

    @property
    def services(self) -> Services:
        return cast(Services, self.bot_data["services"])

    def known_actor(self, telegram_id: int) -> tuple[Actor | None] | None:
        """The actor already read for this update, if nothing about people has been written
        since (handler groups share one context per update); None if they must be read."""
        known = self.__dict__.get("_actor")
        if known is None:
            return None
        known_id, version, actor = known
        if known_id != telegram_id or version != self.services.db.people_version:
            return None
        return (actor,)

    def remember_actor(self, telegram_id: int, version: int, actor: Actor | None) -> None:
        """The actor read for this update, as of `people_version` = `version`."""
        self.__dict__["_actor"] = (telegram_id, version, actor)


Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


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
    """The person behind this update (None for a stranger), with their name kept current.

    Read once per update (the consent gate usually does it first) and handed to every later
    look in the same update, unless people, memberships or nurse places were written since:
    then it is read again, so a join, a new role or a pause is seen at once."""
    user = sender(update)
    known = context.known_actor(user.id)
    if known is not None:
        return known[0]
    version = context.services.db.people_version  # before reading: a write meanwhile shows
    name = people.display_name(user.first_name, user.last_name)
    actor = await people.identify(context.services, user.id, name)
    context.remember_actor(user.id, version, actor)
    return actor


# The update being handled: its services and sender, for `answer_button`, which is called
# without the context. Set first thing for every update (see `note_update`).
_CURRENT: ContextVar[tuple[Services, int] | None] = ContextVar("current_update", default=None)


async def note_update(update: Update, context: Context) -> None:
    """Remember who this update is from, for answers that must wait for Telegram."""
    user = update.effective_user
    _CURRENT.set((context.services, user.id) if user is not None else None)


async def _hold(services: Services, telegram_id: int, message: OutMessage) -> None:
    """Telegram could not take an answer now: send it when it answers again."""
    await hold_reply(services, telegram_id, message)


async def reply(update: Update, context: Context, message: OutMessage) -> SendResult:
    """Answer in the chat the update came from, through the one outbound path.

    If Telegram can't take it now, the answer is kept and sent when it answers again."""
    result = await context.services.outbound.send(sender(update).id, message)
    if result.outcome is Outcome.UNAVAILABLE:
        await _hold(context.services, sender(update).id, message)
    return result


async def show(update: Update, context: Context, message: OutMessage) -> SendResult:
    """Answer a button press by editing the message it was on (or by replying to text)."""
    query = update.callback_query
    editable = message.menu is None and message.attachment is None and not message.remove_menu
    if query is not None and isinstance(query.message, Message) and editable:
        result = await context.services.outbound.edit(
            query.message.chat_id, query.message.message_id, message
        )
        if result.outcome is Outcome.UNAVAILABLE:  # sent afresh when Telegram answers again
            await _hold(context.services, sender(update).id, message)
        return result
    return await reply(update, context, message)


async def answer_button(update: Update, text: str | None = None, *, alert: bool = False) -> None:
    """Stop the button's spinner, optionally with a short note."""
    query: CallbackQuery | None = update.callback_query
    if query is None:
        return
    try:
        await query.answer(text, show_alert=alert)
    except TelegramError as exc:
        if transient_cause(exc) is None:
            raise
        # Telegram misbehaving (logged once by bot.health): a note that said something is
        # sent as a message when Telegram answers again; a bare spinner just stops by itself.
        current = _CURRENT.get()
        if text and current is not None:
            await _hold(*current, OutMessage(text))
