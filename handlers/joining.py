"""Joining by invitation link: /start <token>, the privacy notice, Agree / Not now."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot import people
from bot.auth import Actor
from bot.callbacks import CallbackData, family_of
from bot.membership import invites, privacy_texts
from bot.membership import joining_texts as texts
from bot.membership.buttons import AccountButton, PrivacyMore
from bot.membership.invites import JoinOutcome, JoinStep
from bot.membership.privacy_texts import NoticeFacts, notice_role
from bot.messages import Button, OutMessage, buttons
from bot.models import Role
from bot.texts import common as common_texts
from handlers.common import (
    Command,
    Context,
    Feature,
    answer_button,
    current_actor,
    pressed,
    reply,
    sender,
    show,
)
from handlers.menu import menu_of


@dataclass(frozen=True)
class Consent(CallbackData, prefix="join"):
    agree: bool


def _consent_rows(role: Role) -> tuple[tuple[Button, ...], ...]:
    return buttons(
        [Button(texts.AGREE, data=Consent(agree=True).pack())],
        [Button(privacy_texts.MORE, data=PrivacyMore(role, ask=True).pack())],
        [Button(texts.NOT_NOW, data=Consent(agree=False).pack())],
    )


def _notice(context: Context, intro: str | None, role: Role) -> OutMessage:
    facts = NoticeFacts.from_settings(context.services.settings)
    return OutMessage(texts.privacy_notice(intro, role, facts), buttons=_consent_rows(role))


async def more_button(update: Update, context: Context) -> None:
    """The rest of the notice, in a new message; with Agree / Not now while joining."""
    data = pressed(update, PrivacyMore)
    await answer_button(update)
    text = privacy_texts.more(data.role, NoticeFacts.from_settings(context.services.settings))
    rows = _consent_rows(data.role)[::2] if data.ask else ()
    await reply(update, context, OutMessage(text, buttons=rows))


async def start(update: Update, context: Context) -> None:
    """Join with an invitation link, or greet a member with their menu."""
    token = context.args[0] if context.args else None
    if token is None:
        await _greet(update, context)
        return
    user = sender(update)
    services = context.services
    async with services.db.transaction() as repos:
        outcome = await invites.begin_join(
            repos,
            telegram_id=user.id,
            token=token,
            display_name=people.display_name(user.first_name, user.last_name),
            now=services.clock.now(),
        )
    await _after_join_step(update, context, outcome)


async def _greet(update: Update, context: Context) -> None:
    actor = await current_actor(update, context)
    menu = menu_of(context)
    if actor is None:
        await reply(update, context, menu.message(None, common_texts.STRANGER))
        return
    async with context.services.db.transaction() as repos:
        await repos.awaiting.clear(actor.person.id)  # /start always leaves any typed step
    await reply(
        update, context, menu.message(actor, common_texts.welcome_back(actor.person.display_name))
    )


async def _after_join_step(update: Update, context: Context, outcome: JoinOutcome) -> None:
    menu = menu_of(context)
    if outcome.step is JoinStep.REFUSED:
        if outcome.problem is None:
            raise RuntimeError("missing: outcome.problem")
        actor = await current_actor(update, context)
        await reply(update, context, menu.message(actor, texts.INVITE_PROBLEM[outcome.problem]))
        return
    place = outcome.place
    if place is None:
        raise RuntimeError("missing: place")
    invite = place.invite
    group = place.group.name if place.group else None
    area = place.area.name if place.area else None
    if outcome.step is JoinStep.NEEDS_CONSENT:
        intro = texts.joining_what(invite.role, group, area, invite.is_backup)
        await reply(update, context, _notice(context, intro, invite.role))
        return
    actor = await current_actor(update, context)
    if outcome.step is JoinStep.ALREADY:
        await reply(update, context, menu.message(actor, texts.already(invite.role, group, area)))
        return
    name = actor.person.display_name if actor else ""
    text = texts.welcome(invite.role, name, group, area, invite.is_backup)
    await reply(update, context, menu.message(actor, text))


async def consent_button(update: Update, context: Context) -> None:
    """Agree (join, or accept a new notice) or Not now (nothing kept)."""
    choice = pressed(update, Consent)
    user = sender(update)
    services = context.services
    await answer_button(update)
    if not choice.agree:
        async with services.db.transaction() as repos:
            await invites.decline(repos, telegram_id=user.id)
        await show(update, context, OutMessage(texts.DECLINED))
        return
    async with services.db.transaction() as repos:
        outcome = await invites.agree(
            repos,
            telegram_id=user.id,
            display_name=people.display_name(user.first_name, user.last_name),
            now=services.clock.now(),
        )
    await show(update, context, OutMessage(texts.AGREED))
    if outcome.step is JoinStep.ALREADY and outcome.place is None:
        actor = await current_actor(update, context)
        await reply(update, context, menu_of(context).message(actor))
        return
    await _after_join_step(update, context, outcome)


async def consent_gate(update: Update, context: Context) -> None:
    """Someone who has not agreed to the current privacy notice is asked to, before anything."""
    user = update.effective_user
    if user is None or _is_exempt(update):
        return
    actor = await current_actor(update, context)  # the handlers take it from the context
    if actor is None or not _needs_consent(actor):
        return
    notice = _notice(context, texts.UPDATED_NOTICE_INTRO, notice_role(actor))
    await reply(update, context, notice)
    if update.callback_query is not None:
        await answer_button(update)
    raise ApplicationHandlerStop


def _needs_consent(actor: Actor) -> bool:
    return (actor.person.consent_version or 0) < invites.PRIVACY_NOTICE_VERSION


# Privacy rights and joining always work, even before agreeing to a new notice.
_EXEMPT_COMMANDS = ("/help", "/mydata", "/forget", "/leave", "/pause", "/privacy")


def _is_exempt(update: Update) -> bool:
    query = update.callback_query
    if query is not None:
        return family_of(query.data) in (Consent, PrivacyMore, AccountButton)
    message = update.effective_message
    words = ((message.text or "") if message else "").split()
    if not words:
        return False
    command = words[0].split("@", 1)[0]
    return command in _EXEMPT_COMMANDS or (command == "/start" and len(words) > 1)


FEATURE = Feature(
    name="joining",
    commands=(Command("start", start, "Start, or show the main menu"),),
    callbacks=((Consent, consent_button), (PrivacyMore, more_button)),
)
