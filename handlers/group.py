"""👥 Our group (PSFs) and 🔗 Invite links (coordinators)."""

from __future__ import annotations

from telegram import Update

from bot.auth import Action, Actor, authorize, is_allowed
from bot.membership import group_texts as texts
from bot.membership import invites, roster
from bot.membership.buttons import GroupButton, GroupStep, InviteButton, LinkFor
from bot.messages import Attachment, Button, OutMessage, buttons
from bot.models import Group, Role
from bot.texts.dates import day_date
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
from handlers.menu import menu_of

OFFLINE_NAME = "group.offline_name"


async def _load_group(context: Context, actor: Actor, group_id: int, action: Action) -> Group:
    async with context.services.db.read() as repos:
        group = await repos.programme.group(group_id)
    authorize(actor, action, group=group)
    if group is None:
        raise RuntimeError("missing: group")
    return group


async def our_group(update: Update, context: Context) -> None:
    """Show the PSF's group: who has joined, and how to invite more."""
    actor = await current_actor(update, context)
    group_ids = actor.group_ids(Role.PSF) if actor else []
    if actor is None or not group_ids:
        authorize(actor, Action.VIEW_MEMBERS)  # refuses: not a PSF of any group
        return
    if len(group_ids) > 1:
        async with context.services.db.read() as repos:
            groups = [await repos.programme.group(gid) for gid in group_ids]
        rows = [
            [Button(g.name, data=GroupButton(GroupStep.SHOW, g.id).pack())] for g in groups if g
        ]
        await reply(update, context, OutMessage(texts.CHOOSE_GROUP, buttons=buttons(*rows)))
        return
    await reply(update, context, await _roster_screen(context, actor, group_ids[0]))


async def _roster_screen(context: Context, actor: Actor, group_id: int) -> OutMessage:
    group = await _load_group(context, actor, group_id, Action.VIEW_MEMBERS)
    async with context.services.db.read() as repos:
        current = await roster.roster(repos, group)
    rows = []
    if is_allowed(actor, Action.INVITE_PEERS, group=group):
        rows = [
            [Button(texts.INVITE_LINK, data=GroupButton(GroupStep.LINK, group.id).pack())],
            [Button(texts.ADD_OFFLINE, data=GroupButton(GroupStep.ADD_OFFLINE, group.id).pack())],
        ]
    return OutMessage(texts.roster(current), buttons=buttons(*rows))


async def group_button(update: Update, context: Context) -> None:
    """Roster, invitation link, QR code, or adding someone without Telegram."""
    data = pressed(update, GroupButton)
    actor = await current_actor(update, context)
    if data.step is GroupStep.SHOW:
        authorize(actor, Action.VIEW_MEMBERS, group=await _group_or_none(context, data.group_id))
        if actor is None:
            raise RuntimeError("missing: actor")
        await answer_button(update)
        await show(update, context, await _roster_screen(context, actor, data.group_id))
        return
    authorize(actor, Action.INVITE_PEERS, group=await _group_or_none(context, data.group_id))
    if actor is None:
        raise RuntimeError("missing: actor")
    group = await _load_group(context, actor, data.group_id, Action.INVITE_PEERS)
    await answer_button(update)
    services = context.services
    now = services.clock.now()
    if data.step is GroupStep.ADD_OFFLINE:
        async with services.db.transaction() as repos:
            await repos.awaiting.expect(actor.person.id, OFFLINE_NAME, {"group_id": group.id}, now)
        await reply(update, context, OutMessage(texts.ASK_OFFLINE_NAME))
        return
    await _send_invite(update, context, actor, group, qr=data.step is GroupStep.QR)


async def invite_someone(update: Update, context: Context) -> None:
    """ "Invite someone" typed by a PSF of one group: a fresh invitation link at once (with its
    QR code button); otherwise the group screen, where each group has its own."""
    actor = await current_actor(update, context)
    group_ids = actor.group_ids(Role.PSF) if actor else []
    group = await _group_or_none(context, group_ids[0]) if len(group_ids) == 1 else None
    if actor is None or group is None or not is_allowed(actor, Action.INVITE_PEERS, group=group):
        await our_group(update, context)
        return
    await _send_invite(update, context, actor, group, qr=False)


async def _send_invite(
    update: Update, context: Context, actor: Actor, group: Group, *, qr: bool
) -> None:
    authorize(actor, Action.INVITE_PEERS, group=group)
    services = context.services
    now = services.clock.now()
    async with services.db.transaction() as repos:
        invite = await invites.create_invite(
            repos,
            role=Role.PEER,
            group=group,
            expires_days=services.settings.invite_expiry_days,
            created_by=actor.person.id,
            now=now,
        )
    link = invites.invite_link(context.bot.username, invite.token)
    if qr:
        image = roster.qr_png(link)
        attachment = Attachment("invite.png", kind="photo", data=image)
        await reply(
            update, context, OutMessage(texts.qr_caption(group.name), attachment=attachment)
        )
        return
    expires = day_date(invite.expires_at.astimezone(services.settings.tz).date())
    text = texts.invite_link(group.name, link, invite.max_uses, expires)
    qr_button = Button(texts.QR_CODE, data=GroupButton(GroupStep.QR, group.id).pack())
    await reply(update, context, OutMessage(text, buttons=buttons([qr_button])))


async def _group_or_none(context: Context, group_id: int) -> Group | None:
    async with context.services.db.read() as repos:
        return await repos.programme.group(group_id)


async def offline_name(update: Update, context: Context) -> None:
    """The PSF typed the name of a peer without Telegram."""
    actor = await current_actor(update, context)
    message = update.effective_message
    if actor is None or message is None:
        return
    if message.text is None:
        await reply(update, context, OutMessage(texts.NEED_TEXT_NAME))
        return
    services = context.services
    async with services.db.read() as repos:
        awaiting = await repos.awaiting.get(actor.person.id)
    group_id = int(str(awaiting.payload.get("group_id", 0))) if awaiting else 0
    group = await _load_group(context, actor, group_id, Action.INVITE_PEERS)
    try:
        name = roster.clean_name(message.text)
    except roster.RosterError as problem:
        await reply(update, context, OutMessage(texts.OFFLINE_NAME_PROBLEM[str(problem)]))
        return
    async with services.db.transaction() as repos:
        await roster.add_offline_peer(repos, group, name, services.clock.now())
        await repos.awaiting.clear(actor.person.id)
    await reply(
        update, context, menu_of(context).message(actor, texts.offline_added(name, group.name))
    )


# coordinators


async def invite_links(update: Update, context: Context) -> None:
    """Ask a coordinator who the link is for."""
    actor = authorize(await current_actor(update, context), Action.ADMINISTER)
    del actor
    rows = [[Button(texts.ROLE_LABELS[r.value], data=InviteButton(r).pack())] for r in LinkFor]
    await reply(update, context, OutMessage(texts.CHOOSE_ROLE, buttons=buttons(*rows)))


async def invite_button(update: Update, context: Context) -> None:
    """Walk a coordinator from role to group or area to a fresh link."""
    data = pressed(update, InviteButton)
    actor = authorize(await current_actor(update, context), Action.ADMINISTER)
    await answer_button(update)
    services = context.services
    async with services.db.read() as repos:
        group = await repos.programme.group(data.group_id) if data.group_id else None
        area = await repos.programme.area(data.area_id) if data.area_id else None
        areas = await repos.programme.areas()
        groups = await repos.programme.groups()
    needs_group = data.role in (LinkFor.PSF, LinkFor.PEER)
    needs_area = data.role in (LinkFor.NURSE, LinkFor.BACKUP)
    if needs_group and group is None:
        if not groups:
            await show(update, context, OutMessage(texts.NO_GROUPS))
            return
        rows = [
            [Button(g.name, data=InviteButton(data.role, group_id=g.id).pack())] for g in groups
        ]
        await show(update, context, OutMessage(texts.CHOOSE_GROUP, buttons=buttons(*rows)))
        return
    if needs_area and area is None:
        if not areas:
            await show(update, context, OutMessage(texts.NO_AREAS))
            return
        rows = [[Button(a.name, data=InviteButton(data.role, area_id=a.id).pack())] for a in areas]
        await show(update, context, OutMessage(texts.CHOOSE_AREA, buttons=buttons(*rows)))
        return
    role = {
        LinkFor.PSF: Role.PSF,
        LinkFor.PEER: Role.PEER,
        LinkFor.NURSE: Role.NURSE,
        LinkFor.BACKUP: Role.NURSE,
        LinkFor.COORDINATOR: Role.COORDINATOR,
    }[data.role]
    now = services.clock.now()
    async with services.db.transaction() as repos:
        invite = await invites.create_invite(
            repos,
            role=role,
            group=group if needs_group else None,
            area=area if needs_area else None,
            backup=data.role is LinkFor.BACKUP,
            expires_days=services.settings.invite_expiry_days,
            created_by=actor.person.id,
            now=now,
        )
    link = invites.invite_link(context.bot.username, invite.token)
    expires = day_date(invite.expires_at.astimezone(services.settings.tz).date())
    where = group.name if needs_group and group else (area.name if area else None)
    text = texts.personal_link(data.role.value, where, link, expires)
    await show(update, context, OutMessage(text))


PSF_ONLY = frozenset({Role.PSF})

FEATURE = Feature(
    name="group",
    commands=(Command("links", invite_links, ""),),
    callbacks=((GroupButton, group_button), (InviteButton, invite_button)),
    menu=(
        MenuEntry(texts.MENU_LABEL, PSF_ONLY, our_group, texts.EXPLAINS),
        MenuEntry(
            texts.COORD_MENU_LABEL,
            frozenset({Role.COORDINATOR}),
            invite_links,
            texts.COORD_EXPLAINS,
        ),
    ),
    inputs={OFFLINE_NAME: offline_name},
)
