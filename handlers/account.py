"""⚙️ My settings and the privacy commands: /mydata /pause /resume /leave /forget /privacy."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update

from bot import people
from bot.auth import Action, Actor, authorize
from bot.membership import account, mydata_texts, privacy_texts
from bot.membership import account_texts as texts
from bot.membership.buttons import AccountButton, AccountStep, PrivacyMore
from bot.membership.privacy_texts import NoticeFacts, notice_role
from bot.messages import Attachment, Button, OutMessage, buttons
from bot.models import Role
from bot.privacy import as_json, forget_person, person_data
from handlers.common import (
    Command,
    Context,
    Feature,
    MenuEntry,
    answer_button,
    current_actor,
    pressed,
    reply,
    show,
)
from handlers.menu import member_or_welcome, menu_of


def _button(label: str, step: AccountStep, group_id: int = 0) -> Button:
    return Button(label, data=AccountButton(step, group_id).pack())


def _settings_screen(actor: Actor) -> OutMessage:
    paused = actor.person.paused_at is not None
    text = texts.SETTINGS_TITLE + ("\n\n" + texts.PAUSED_NOTE if paused else "")
    rows = [
        [
            _button(texts.RESUME, AccountStep.RESUME)
            if paused
            else _button(texts.PAUSE, AccountStep.PAUSE)
        ],
        [_button(texts.MY_DATA, AccountStep.DATA)],
    ]
    if actor.groups:
        rows.append([_button(texts.LEAVE, AccountStep.LEAVE)])
    rows.append([_button(texts.FORGET, AccountStep.FORGET)])
    return OutMessage(text, buttons=buttons(*rows))


async def settings_menu(update: Update, context: Context) -> None:
    """Show the person's settings: pause, my data, leave, forget."""
    actor = await member_or_welcome(update, context)
    if actor is not None:
        await reply(update, context, _settings_screen(actor))


async def my_data(update: Update, context: Context) -> None:
    """What Peer Circle keeps about the person: in sentences first, then as a file."""
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    now = services.clock.now()
    async with services.db.read() as repos:
        data = await person_data(repos, actor.person, now)
    tz = ZoneInfo(services.settings.timezone)
    readable = mydata_texts.readable(data, tz, now.astimezone(tz).date())
    await reply(update, context, OutMessage(readable))
    attachment = Attachment(mydata_texts.FILE_NAME, data=as_json(data))
    await reply(update, context, OutMessage(mydata_texts.CAPTION, attachment=attachment))


async def pause(update: Update, context: Context) -> None:
    """Stop reminders and other messages until the person restarts them."""
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    async with services.db.transaction() as repos:
        changed = await account.pause(repos, actor.person, services.clock.now())
    await reply(update, context, OutMessage(texts.PAUSED if changed else texts.ALREADY_PAUSED))


async def resume(update: Update, context: Context) -> None:
    """Restart reminders and other messages."""
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    async with context.services.db.transaction() as repos:
        changed = await account.resume(repos, actor.person)
    await reply(update, context, OutMessage(texts.RESUMED if changed else texts.NOT_PAUSED))


async def leave(update: Update, context: Context) -> None:
    """Ask which group to leave (if more than one), then confirm."""
    actor = await member_or_welcome(update, context)
    if actor is not None:
        await reply(update, context, await _leave_screen(context, actor))


async def forget(update: Update, context: Context) -> None:
    """Explain what forgetting means and ask to confirm."""
    actor = await member_or_welcome(update, context)
    if actor is not None:
        await reply(update, context, _forget_screen())


async def privacy(update: Update, context: Context) -> None:
    """Show the privacy notice again: the essentials for the person's role, and More."""
    role = notice_role(await current_actor(update, context))
    facts = NoticeFacts.from_settings(context.services.settings)
    more = Button(privacy_texts.MORE, data=PrivacyMore(role, ask=False).pack())
    await reply(
        update, context, OutMessage(privacy_texts.essentials(role, facts), buttons=buttons([more]))
    )


def _forget_screen() -> OutMessage:
    return OutMessage(
        texts.CONFIRM_FORGET,
        buttons=buttons(
            [_button(texts.YES_FORGET, AccountStep.FORGET_YES)],
            [_button(texts.CANCEL, AccountStep.KEEP)],
        ),
    )


async def _leave_screen(context: Context, actor: Actor) -> OutMessage:
    async with context.services.db.read() as repos:
        groups = await account.groups_of(repos, actor.person)
    if not groups:
        return OutMessage(texts.NOT_IN_A_GROUP)
    if len(groups) > 1:
        rows = [[_button(group.name, AccountStep.LEAVE, group.id)] for group in groups]
        rows.append([_button(texts.BACK, AccountStep.MENU)])
        return OutMessage(texts.CHOOSE_GROUP_TO_LEAVE, buttons=buttons(*rows))
    return _confirm_leave(groups[0].id, groups[0].name)


def _confirm_leave(group_id: int, name: str) -> OutMessage:
    return OutMessage(
        texts.confirm_leave(name),
        buttons=buttons(
            [_button(texts.yes_leave(name), AccountStep.LEAVE_YES, group_id)],
            [_button(texts.CANCEL, AccountStep.KEEP)],
        ),
    )


async def account_button(update: Update, context: Context) -> None:
    """Handle a tap on one of the settings buttons."""
    data = pressed(update, AccountButton)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    await _do_step(update, context, actor, data)
    # Answered last: a refusal above is answered by the error handler instead.
    await answer_button(update)


async def _do_step(update: Update, context: Context, actor: Actor, data: AccountButton) -> None:
    services = context.services
    now = services.clock.now()
    if data.step is AccountStep.MENU:
        await show(update, context, _settings_screen(actor))
    elif data.step is AccountStep.PAUSE:
        await pause(update, context)
    elif data.step is AccountStep.RESUME:
        await resume(update, context)
    elif data.step is AccountStep.DATA:
        await my_data(update, context)
    elif data.step is AccountStep.LEAVE:
        await _leave_step(update, context, actor, data.group_id)
    elif data.step is AccountStep.LEAVE_YES:
        async with services.db.transaction() as repos:
            group = await repos.programme.group(data.group_id)
            authorize(actor, Action.LEAVE_GROUP, group=group)
            if group is None:
                raise RuntimeError("missing: group")
            await account.leave(repos, actor.person, group, now)
        await show(update, context, OutMessage(texts.left(group.name)))
        await reply(update, context, menu_of(context).message(await current_actor(update, context)))
    elif data.step is AccountStep.FORGET:
        await show(update, context, _forget_screen())
    elif data.step is AccountStep.FORGET_YES:
        async with services.db.transaction() as repos:
            await forget_person(repos, actor.person, now)
        await show(update, context, OutMessage(texts.FORGOTTEN))
        await reply(update, context, OutMessage(texts.GOODBYE, remove_menu=True))
    else:
        await show(update, context, OutMessage(texts.KEPT))


async def _leave_step(update: Update, context: Context, actor: Actor, group_id: int) -> None:
    if group_id == 0:
        await show(update, context, await _leave_screen(context, actor))
        return
    async with context.services.db.read() as repos:
        group = await repos.programme.group(group_id)
    authorize(actor, Action.LEAVE_GROUP, group=group)
    if group is None:
        raise RuntimeError("missing: group")
    await show(update, context, _confirm_leave(group.id, group.name))


async def blocked_or_unblocked(update: Update, context: Context) -> None:
    """Blocking the bot counts as pausing; unblocking it lets messages through again."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    status = change.new_chat_member.status
    if status in ("kicked", "left"):
        await people.mark_unreachable(context.services, change.from_user.id)
    elif status == "member":
        await current_actor(update, context)  # being seen again clears "unreachable"


EVERYONE = frozenset(Role)

FEATURE = Feature(
    name="account",
    commands=(
        Command("mydata", my_data, "A copy of what Peer Circle keeps about you"),
        Command("pause", pause, "Pause messages"),
        Command("resume", resume, "Restart messages"),
        Command("leave", leave, "Leave a group"),
        Command("forget", forget, "Remove your details"),
        Command("privacy", privacy, "What Peer Circle keeps, and why"),
    ),
    callbacks=((AccountButton, account_button),),
    menu=(MenuEntry(texts.MENU_LABEL, EVERYONE, settings_menu, texts.EXPLAINS),),
)
