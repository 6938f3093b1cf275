"""📋 Groups for nurses and coordinators, early warnings, and writing to a group's PSFs."""

from __future__ import annotations

from telegram import Update

from bot.messages import OutMessage
from bot.models import Role
from bot.oversight import messages, texts
from bot.oversight.buttons import GroupsAct, GroupsButton, WarningAct, WarningButton, dismiss_reason
from bot.oversight.messages import OversightError
from bot.oversight.records import Thresholds
from handlers.common import (
    Command,
    Context,
    Feature,
    MenuEntry,
    answer_button,
    pressed,
    reply,
    show,
)
from handlers.menu import member_or_welcome

OVERSEERS = frozenset({Role.NURSE, Role.COORDINATOR})


async def groups_command(update: Update, context: Context) -> None:
    """📋 Groups: the nurse's area (or the coordinator's areas), one line per group."""
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    async with services.db.read() as repos:
        message = await messages.start_view(repos, actor, services.settings, services.clock.now())
    await reply(update, context, message)


async def groups_button(update: Update, context: Context) -> None:
    """An area, a group's detail, back to the areas, or writing to a group's PSFs."""
    data = pressed(update, GroupsButton)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    now = services.clock.now()
    if data.act is GroupsAct.MESSAGE:
        async with services.db.transaction() as repos:
            message = await messages.begin_message(repos, actor, data.id, now)
        await answer_button(update)
        await reply(update, context, message)
        return
    async with services.db.read() as repos:
        if data.act is GroupsAct.AREA:
            message = await messages.area_view(repos, actor, data.id, services.settings, now)
        elif data.act is GroupsAct.GROUP:
            message = await messages.group_view(repos, actor, data.id, services.settings, now)
        else:
            message = await messages.start_view(repos, actor, services.settings, now)
    await answer_button(update)
    await show(update, context, message)


async def message_given(update: Update, context: Context) -> None:
    """The nurse typed words for a group's PSFs: pass them on."""
    actor = await member_or_welcome(update, context)
    if actor is None or update.effective_message is None:
        return
    services = context.services
    now = services.clock.now()
    async with services.db.read() as repos:
        awaiting = await repos.awaiting.get(actor.person.id)
    group_id = awaiting.payload.get("group_id") if awaiting else None
    if not isinstance(group_id, int):
        return
    try:
        async with services.db.transaction() as repos:
            sent = await messages.send_message(
                repos, actor, group_id, update.effective_message.text, now
            )
    except OversightError as problem:
        await reply(update, context, OutMessage(str(problem)))
        return
    services.wake_sweeper()
    await reply(update, context, OutMessage(texts.message_sent(sent.names)))


async def warning_button(update: Update, context: Context) -> None:
    """Dismiss a warning (with a reason), or keep it."""
    data = pressed(update, WarningButton)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    t = Thresholds.from_settings(services.settings)
    async with services.db.transaction() as repos:
        if data.act is WarningAct.DISMISS:
            message = await messages.ask_dismiss(repos, actor, data.warning_id, t)
        elif data.act is WarningAct.REASON:
            reason = dismiss_reason(data.value)
            message = await messages.dismiss(
                repos, actor, data.warning_id, reason, t=t, now=services.clock.now()
            )
        else:
            message = await messages.keep(repos, actor, data.warning_id, t)
    await answer_button(update, texts.DISMISSED if data.act is WarningAct.REASON else None)
    await show(update, context, message)


FEATURE = Feature(
    name="oversight",
    commands=(Command("groups", groups_command, "How each group is doing (nurses)"),),
    callbacks=((GroupsButton, groups_button), (WarningButton, warning_button)),
    menu=(MenuEntry(texts.MENU_LABEL, OVERSEERS, groups_command, texts.EXPLAINS),),
    inputs={messages.MESSAGE_PSFS: message_given},
)
