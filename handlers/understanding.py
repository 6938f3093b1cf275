"""Typed words outside any step: understood by bot.understanding.intents, then the right action.

The rules live in bot/understanding; this module only maps each intent to an existing action of
a feature. When the intent is not sure, the two or three likely ones are offered as buttons
(and the menu stays below): never a dead end.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.auth import Actor
from bot.concerns import contact
from bot.concerns import rules as concerns
from bot.concerns import texts as concern_texts
from bot.concerns.messages import contact_question
from bot.content import library
from bot.messages import OutMessage
from bot.models import Answer, Role
from bot.understanding import texts
from bot.understanding.choices import IntentChoice, choices_message
from bot.understanding.intents import Intent, understand
from handlers import account, content, group, meetings, start, suggestions
from handlers import concerns as concern_handlers
from handlers.common import Context, Feature, answer_button, pressed, reply
from handlers.menu import member_or_welcome, menu_of

# What to do for each intent: (update, context, actor, words or None when a button was tapped).
Action = Callable[[Update, Context, Actor, str | None], Awaitable[None]]


def role_for_words(actor: Actor) -> str:
    """Whose words to expect: someone with several roles is read in their busiest one."""
    for role in (Role.PSF, Role.NURSE, Role.PEER):
        if role in actor.roles:
            return role.value
    return "coordinator"


async def _with_menu(update: Update, context: Context, actor: Actor, text: str) -> None:
    await reply(update, context, menu_of(context).message(actor, text))


async def _next_meeting(update: Update, context: Context, actor: Actor, _: str | None) -> None:
    await meetings.next_meeting(update, context)


async def _cant_come(update: Update, context: Context, actor: Actor, words: str | None) -> None:
    if words is None:
        await meetings.our_meetings(update, context)
    else:
        await meetings.answer_in_words(update, context, Answer.NO)


async def _will_come(update: Update, context: Context, actor: Actor, words: str | None) -> None:
    if words is None:
        await meetings.our_meetings(update, context)
    else:
        await meetings.answer_in_words(update, context, Answer.YES)


async def _feeling_low(update: Update, context: Context, actor: Actor, words: str | None) -> None:
    """A warm answer, Samaritans, local support, and the offer to tell their facilitator."""
    services = context.services
    async with services.db.transaction() as repos:
        names = await concerns.facilitator_names(repos, actor)
        offer_id = await contact.offer(
            repos,
            actor,
            kind=contact.FEELING_LOW,
            words=words or "",
            now=services.clock.now(),
            tz=services.settings.tz,
        )
    samaritans = services.settings.samaritans_number
    await reply(update, context, OutMessage(texts.feeling_low(names, samaritans)))
    await content.support_near_me(update, context)
    if offer_id is not None:
        await reply(update, context, contact_question(offer_id, concern_texts.LOW_QUESTION))


async def _find_help(update: Update, context: Context, actor: Actor, words: str | None) -> None:
    if words is None:
        await content.resources_menu(update, context)
    else:
        await content.search_for(update, context, words)


async def _topic_idea(update: Update, context: Context, actor: Actor, words: str | None) -> None:
    if words is None:
        await suggestions.suggest_topic(update, context)
    else:
        await suggestions.offer_to_keep(update, context, words)


async def _thanks(update: Update, context: Context, actor: Actor, _: str | None) -> None:
    await _with_menu(update, context, actor, texts.THANKS_REPLY)


async def _hello(update: Update, context: Context, actor: Actor, _: str | None) -> None:
    name = concerns.first_name(actor.person.display_name)
    await _with_menu(update, context, actor, texts.hello(name))


async def _goodbye(update: Update, context: Context, actor: Actor, _: str | None) -> None:
    await _with_menu(update, context, actor, texts.GOODBYE_REPLY)


async def _stop_messages(update: Update, context: Context, actor: Actor, _: str | None) -> None:
    await reply(update, context, OutMessage(texts.STOP_EXPLAINED))
    await account.settings_menu(update, context)


async def _who_runs(update: Update, context: Context, actor: Actor, _: str | None) -> None:
    async with context.services.db.read() as repos:
        names = await concerns.facilitator_names(repos, actor)
    await _with_menu(update, context, actor, texts.who_runs(names))


async def _help(update: Update, context: Context, actor: Actor, _: str | None) -> None:
    await start.help_command(update, context)


async def _ideas(update: Update, context: Context, actor: Actor, words: str | None) -> None:
    if words is None:
        await content.session_ideas(update, context)
    else:
        await content.ideas_for(update, context, words)


async def _who_is_coming(update: Update, context: Context, actor: Actor, _: str | None) -> None:
    await meetings.who_is_coming(update, context)


async def _nurse(update: Update, context: Context, actor: Actor, _: str | None) -> None:
    await concern_handlers.contact_nurse(update, context)


async def _invite(update: Update, context: Context, actor: Actor, _: str | None) -> None:
    await group.invite_someone(update, context)


async def _open_concerns(update: Update, context: Context, actor: Actor, _: str | None) -> None:
    await concern_handlers.concerns_command(update, context)


ACTIONS: dict[Intent, Action] = {
    Intent.NEXT_MEETING: _next_meeting,
    Intent.CANT_COME: _cant_come,
    Intent.WILL_COME: _will_come,
    Intent.FEELING_LOW: _feeling_low,
    Intent.FIND_HELP: _find_help,
    Intent.TOPIC_IDEA: _topic_idea,
    Intent.THANKS: _thanks,
    Intent.HELLO: _hello,
    Intent.GOODBYE: _goodbye,
    Intent.STOP_MESSAGES: _stop_messages,
    Intent.WHO_RUNS_GROUP: _who_runs,
    Intent.HELP: _help,
    Intent.FIND_SESSION_IDEAS: _ideas,
    Intent.WHO_IS_COMING: _who_is_coming,
    Intent.TALK_TO_NURSE: _nurse,
    Intent.INVITE_SOMEONE: _invite,
    Intent.OPEN_CONCERNS: _open_concerns,
}


async def act_on_words(update: Update, context: Context, actor: Actor, words: str) -> None:
    """Do what the typed words want, or offer the likely choices when unsure."""
    subjects = library.subject_words(library.content_of(context.services))
    understood = understand(words, role_for_words(actor), subjects)
    action = ACTIONS.get(understood.intent)
    if understood.sure and action is not None:
        await action(update, context, actor, words)
        return
    likely = (understood.intent, *understood.alternatives)
    await reply(update, context, choices_message(likely))


async def choice_pressed(update: Update, context: Context) -> None:
    """One of the offered meanings was tapped: do it (the words are gone; ask for them)."""
    data = pressed(update, IntentChoice)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    await answer_button(update)
    async with context.services.db.transaction() as repos:
        await repos.awaiting.clear(actor.person.id)
    action = ACTIONS.get(data.intent)
    if action is None:
        await start.help_command(update, context)
        return
    await action(update, context, actor, None)


FEATURE = Feature(name="understanding", callbacks=((IntentChoice, choice_pressed),))
