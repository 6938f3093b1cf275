"""🧩 Tasks: PSFs share each meeting's jobs and cover for each other."""

from __future__ import annotations

from telegram import Update

from bot.messages import OutMessage
from bot.models import Role
from bot.tasks import rules, texts
from bot.tasks.buttons import TaskAct, TaskButton
from bot.tasks.rules import TaskError
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


async def tasks_command(update: Update, context: Context) -> None:
    """The next meeting's tasks: who has what, and what is still free."""
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    now = services.clock.now()
    async with services.db.transaction() as repos:
        meeting = await rules.next_meeting_of(repos, actor, now)
        if meeting is None:
            message = OutMessage(texts.NO_MEETING)
        else:
            message = rules.screen(await rules.view(repos, actor, meeting.id, now))
    await reply(update, context, message)


async def task_button(update: Update, context: Context) -> None:
    """Open, take or give back a task; say you can't (or can after all) make the meeting."""
    data = pressed(update, TaskButton)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    now = services.clock.now()
    note: str | None = None
    try:
        async with services.db.transaction() as repos:
            if data.act is TaskAct.TAP:
                current, note = await rules.tap(repos, actor, data.meeting_id, data.value, now)
            elif data.act is TaskAct.AWAY:
                current = await rules.cant_make_it(repos, actor, data.meeting_id, now)
                note = texts.AWAY_NOTED
            elif data.act is TaskAct.BACK:
                current = await rules.can_make_it(repos, actor, data.meeting_id, now)
                note = texts.BACK_NOTED
            else:
                current = await rules.view(repos, actor, data.meeting_id, now)
    except TaskError as problem:
        await answer_button(update, str(problem), alert=True)
        return
    if data.act in (TaskAct.AWAY, TaskAct.BACK):
        services.wake_sweeper()  # co-PSFs told now; a meeting left without PSFs is flagged
    await answer_button(update, note)
    await show(update, context, rules.screen(current))


FEATURE = Feature(
    name="tasks",
    commands=(Command("tasks", tasks_command, "Share the next meeting's tasks"),),
    callbacks=((TaskButton, task_button),),
    menu=(MenuEntry(texts.MENU_LABEL, frozenset({Role.PSF}), tasks_command, texts.EXPLAINS),),
)
