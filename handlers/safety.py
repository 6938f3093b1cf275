"""Anything that sounds like an emergency gets the numbers to call first, before anything else.

The words are judged by bot.understanding.safety; the answer fits the kind (bot.understanding
.texts). A peer who wrote about themselves is then asked, with two buttons, whether they would
like their facilitator or the nurse to get in touch (bot.concerns.contact). Whatever the
message was typed for (a venue note, a check-in answer, a topic idea) still happens after:
this handler runs in its own group and never stops the update.
"""

from __future__ import annotations

from telegram import Update

from bot.auth import Actor
from bot.concerns import contact
from bot.concerns import texts as concern_texts
from bot.concerns.buttons import ConcernContact
from bot.concerns.messages import contact_question, what_happens_next
from bot.messages import OutMessage
from bot.models import Role
from bot.understanding.safety import Emergency, assess
from bot.understanding.texts import emergency_answer
from handlers.common import (
    Context,
    Feature,
    answer_button,
    current_actor,
    pressed,
    reply,
    show,
)
from handlers.menu import member_or_welcome


def emergency_in(said: str, context: Context) -> Emergency | None:
    """The emergency `said` sounds like (the same answer as the guard gave, from its cache)."""
    return assess(said, context.services.settings.emergency_phrases)


async def emergency_guard(update: Update, context: Context) -> None:
    """Send the numbers if the message sounds like an emergency; other handlers go on."""
    message = update.effective_message
    if message is None:
        return
    said = message.text or message.caption or ""
    found = emergency_in(said, context)
    if found is None:
        return
    settings = context.services.settings
    answer = emergency_answer(
        found.kind,
        settings.emergency_number,
        settings.urgent_advice_number,
        settings.samaritans_number,
        about_self=found.about_self,
    )
    await reply(update, context, OutMessage(answer))
    if found.about_self:
        actor = await current_actor(update, context)
        if actor is not None and Role.PEER in actor.roles:
            await _offer_contact(update, context, actor, found, said)


async def _offer_contact(
    update: Update, context: Context, actor: Actor, found: Emergency, said: str
) -> None:
    services = context.services
    async with services.db.transaction() as repos:
        offer_id = await contact.offer(
            repos,
            actor,
            kind=found.kind.value,
            words=said,
            now=services.clock.now(),
            tz=services.settings.tz,
        )
    if offer_id is not None:
        await reply(update, context, contact_question(offer_id))


async def contact_pressed(update: Update, context: Context) -> None:
    """Yes: an urgent concern to the nurse and a note to the facilitators. No: respected."""
    data = pressed(update, ConcernContact)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    settings = services.settings
    now = services.clock.now()
    async with services.db.transaction() as repos:
        if data.yes:
            answered = await contact.accept(repos, settings, actor, data.offer_id, now)
        else:
            answered = await contact.decline(repos, actor, data.offer_id, now)
    await answer_button(update)
    if not answered.first_time:
        await show(update, context, OutMessage(concern_texts.CONTACT_ALREADY))
        return
    if answered.told_facilitators_only:
        await show(update, context, OutMessage(concern_texts.low_told(answered.facilitators)))
        return
    if answered.submitted is None:
        await show(update, context, OutMessage(concern_texts.CONTACT_DECLINED))
        return
    next_steps = what_happens_next(
        answered.submitted, settings.urgent_advice_number, now, settings.emergency_number
    )
    text = concern_texts.contact_raised(
        next_steps, answered.facilitators, settings.emergency_number
    )
    await show(update, context, OutMessage(text))


FEATURE = Feature(name="safety", callbacks=((ConcernContact, contact_pressed),))
