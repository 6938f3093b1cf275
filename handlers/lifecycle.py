"""The group's life: its future after session 5, ending well, the last message, and a peer who
has been away deciding whether to stay."""

from __future__ import annotations

from telegram import Update

from bot.auth import Action, authorize
from bot.content.library import content_of
from bot.lifecycle import messages, rules, texts
from bot.lifecycle.buttons import LifeButton
from bot.lifecycle.rules import LifecycleError
from bot.messages import OutMessage
from bot.models import Role
from handlers.common import Command, Context, Feature, answer_button, pressed, reply, show
from handlers.menu import member_or_welcome


async def future_command(update: Update, context: Context) -> None:
    """Each of the PSF's groups: the peers' answers and the decision about carrying on."""
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    group_ids = actor.group_ids(Role.PSF)
    if not group_ids:
        authorize(actor, Action.DECIDE_FUTURE)  # not a facilitator: a kind refusal
    services = context.services
    now = services.clock.now()
    async with services.db.read() as repos:
        screens = [
            messages.future_screen(await rules.future_view(repos, actor, gid, now))
            for gid in group_ids
        ]
    for screen in screens:
        await reply(update, context, screen)


async def life_button(update: Update, context: Context) -> None:
    """Every life-cycle button: the PSFs' decision and goodbye, peers' one-tap answers."""
    data = pressed(update, LifeButton)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    try:
        async with services.db.transaction() as repos:
            answer = await messages.on_button(
                repos,
                actor,
                data,
                now=services.clock.now(),
                settings=services.settings,
                content=content_of(services).current,
            )
    except LifecycleError as problem:
        await answer_button(update, str(problem), alert=True)
        return
    if answer.wake:
        services.wake_sweeper()
    if answer.screen is not None:
        await answer_button(update, answer.note)
        await show(update, context, answer.screen)
        return
    # A peer's one-tap answer: a clear reply they can read again; the question stays as it was.
    await answer_button(update)
    await reply(update, context, OutMessage(answer.note or texts.BAD_ANSWER))


FEATURE = Feature(
    name="lifecycle",
    commands=(Command(texts.FUTURE_COMMAND, future_command, texts.FUTURE_EXPLAINS),),
    callbacks=((LifeButton, life_button),),
)
