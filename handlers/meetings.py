"""📅 Our meetings (members) and 📅 Meetings (PSFs): dates, answers, who's coming, slips.

Planning, moving and changing the place are in handlers/meeting_planning.py.
"""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

from telegram import Message, Update

from bot.auth import Action, Actor, authorize, is_allowed
from bot.callbacks import BadCallback
from bot.meetings import rules as meetings
from bot.meetings import texts
from bot.meetings.buttons import (
    CalendarFile,
    GroupAction,
    GroupMeetings,
    MeetingAction,
    MeetingButton,
    PlanButton,
    Rsvp,
)
from bot.meetings.deliveries import base_rules
from bot.meetings.messages import calendar_message, card_message, slip_lines, with_answer_marked
from bot.meetings.rules import MeetingError
from bot.meetings.slips import MAX_SLIP_LINES, slip_pdf, slip_png
from bot.membership import privacy_texts
from bot.membership.privacy_texts import NoticeFacts
from bot.messages import Attachment, Button, OutMessage, buttons
from bot.models import Answer, Group, Meeting, Role
from bot.texts.dates import clock, day_date
from handlers import meeting_planning as planning
from handlers.common import (
    Context,
    Feature,
    MenuEntry,
    answer_button,
    current_actor,
    pressed,
    reply,
    show,
)

Rows = tuple[tuple[Button, ...], ...]


async def _group(context: Context, group_id: int) -> Group | None:
    async with context.services.db.read() as repos:
        return await repos.programme.group(group_id)


async def _tz(context: Context, group_id: int) -> ZoneInfo:
    async with context.services.db.read() as repos:
        return await meetings.area_tz(repos, group_id)


async def load_meeting(
    context: Context, actor: Actor | None, meeting_id: int, action: Action
) -> tuple[Actor, Meeting, Group]:
    """The meeting named in (untrusted) button data, if the actor may do `action` on it."""
    async with context.services.db.read() as repos:
        meeting = await repos.meetings.get(meeting_id)
        group = await repos.programme.group(meeting.group_id) if meeting else None
    actor = authorize(actor, action, group=group)
    if meeting is None or group is None:
        raise RuntimeError("missing: meeting, group")
    return actor, meeting, group


async def _problem(update: Update, problem: MeetingError) -> None:
    await answer_button(update, texts.MEETING_PROBLEM[problem.reason], alert=True)


# --- members -----------------------------------------------------------------------------


async def our_meetings(update: Update, context: Context) -> None:
    """Show the member's groups' next meetings, each a button to answer or get a calendar file."""
    actor = await current_actor(update, context)
    if actor is None or not actor.groups:
        authorize(actor, Action.VIEW_MEETINGS)  # a stranger, or nobody's member: refused
        return
    await reply(update, context, await _member_list(context, actor))


async def next_meeting(update: Update, context: Context) -> None:
    """ "When's the next meeting?": the soonest meeting's card (date in words, place, answer
    buttons) when there is one obvious meeting; the list otherwise."""
    actor = await current_actor(update, context)
    if actor is None or not actor.groups:
        authorize(actor, Action.VIEW_MEETINGS)
        return
    if Role.PEER not in actor.roles:
        await psf_meetings(update, context)
        return
    async with context.services.db.read() as repos:
        found = await meetings.next_meetings_to_answer(repos, actor, context.services.clock.now())
    if len(found) != 1:
        await reply(update, context, await _member_list(context, actor))
        return
    meeting, group = found[0]
    await reply(update, context, await _card(context, actor, meeting, group))


async def answer_in_words(update: Update, context: Context, answer: Answer) -> None:
    """ "Sorry, can't come" / "I'll be there": recorded for the next meeting and repeated back;
    when it is unclear which meeting (one in each of two groups), the list instead."""
    actor = await current_actor(update, context)
    if actor is None or not actor.groups:
        authorize(actor, Action.VIEW_MEETINGS)
        return
    services = context.services
    now = services.clock.now()
    async with services.db.read() as repos:
        found = await meetings.next_meetings_to_answer(repos, actor, now)
    if len(found) != 1:
        message = await _member_list(context, actor)
        if found:
            message = OutMessage(
                f"{texts.WHICH_MEETING}\n\n{message.text}", buttons=message.buttons
            )
        await reply(update, context, message)
        return
    meeting, group = found[0]
    try:
        async with services.db.transaction() as repos:
            authorize(actor, Action.RSVP, group=group)
            await meetings.record_answer(
                repos, meeting=meeting, person_id=actor.person.id, answer=answer, now=now
            )
            tz = await meetings.area_tz(repos, group.id)
    except MeetingError as problem:
        await reply(update, context, OutMessage(texts.MEETING_PROBLEM[problem.reason]))
        return
    local = meeting.starts_at.astimezone(tz)
    when = f"{day_date(local.date())} at {clock(local.time())}"
    await reply(update, context, OutMessage(texts.answered_in_words(answer, when)))
    await reply(update, context, await _card(context, actor, meeting, group))


async def _member_list(context: Context, actor: Actor) -> OutMessage:
    now = context.services.clock.now()
    sections = []
    zones: dict[int, ZoneInfo] = {}
    rows: list[list[Button]] = []
    group_ids = actor.group_ids()
    async with context.services.db.read() as repos:
        for group_id in group_ids:
            group = await repos.programme.group(group_id)
            if group is None or not is_allowed(actor, Action.VIEW_MEETINGS, group=group):
                continue
            zones[group.id] = await meetings.area_tz(repos, group.id)
            upcoming = (await meetings.upcoming_meetings(repos, group.id, now))[:MAX_SLIP_LINES]
            answers = {}
            for meeting in upcoming:
                answer = await repos.meetings.rsvp(meeting.id, actor.person.id)
                if answer is not None:
                    answers[meeting.id] = answer
                label = texts.short_when(meeting.starts_at, zones[group.id])
                if len(group_ids) > 1:
                    label = f"{label} — {group.name}"
                rows.append(
                    [Button(label, data=MeetingButton(MeetingAction.CARD, meeting.id).pack())]
                )
            sections.append((group.name, upcoming, answers))
    if not sections:
        return OutMessage(texts.NO_GROUP)
    if not rows:
        return OutMessage(texts.NOTHING_PLANNED)
    return OutMessage(texts.member_list(sections, zones, now), buttons=buttons(*rows))


async def _card(context: Context, actor: Actor, meeting: Meeting, group: Group) -> OutMessage:
    now = context.services.clock.now()
    async with context.services.db.read() as repos:
        answer = await repos.meetings.rsvp(meeting.id, actor.person.id)
        tz = await meetings.area_tz(repos, group.id)
    back = Button(texts.BACK, data=GroupMeetings(GroupAction.LIST, 0).pack())
    return card_message(group.name, meeting, tz=tz, now=now, answer=answer, back=back)


async def rsvp_button(update: Update, context: Context) -> None:
    """Going / Maybe / Can't come: noted, and ticked on the buttons."""
    data = pressed(update, Rsvp)
    actor = await current_actor(update, context)
    services = context.services
    now = services.clock.now()
    try:
        async with services.db.transaction() as repos:
            meeting = await repos.meetings.get(data.meeting_id)
            group = await repos.programme.group(meeting.group_id) if meeting else None
            actor = authorize(actor, Action.RSVP, group=group)
            if meeting is None:
                raise RuntimeError("missing: meeting")
            outcome = await meetings.record_answer(
                repos, meeting=meeting, person_id=actor.person.id, answer=data.answer, now=now
            )
    except MeetingError as problem:
        await _problem(update, problem)
        return
    await answer_button(update, texts.answered(data.answer))
    query = update.callback_query
    changed = outcome.previous is not data.answer
    if changed and query is not None and isinstance(query.message, Message):
        rows = with_answer_marked(_rows_of(query.message), data.meeting_id, data.answer)
        message = query.message
        if message.text:  # the answer in words too, for screen readers
            said = texts.with_you_said(message.text_html, data.answer)
            await services.outbound.edit(
                message.chat_id, message.message_id, OutMessage(said, buttons=rows)
            )
        else:
            await services.outbound.edit_buttons(message.chat_id, message.message_id, rows)


def _rows_of(message: Message) -> Rows:
    """The inline buttons a message shows, as our Buttons."""
    markup = message.reply_markup
    if markup is None:
        return ()
    rows = []
    for row in markup.inline_keyboard:
        converted = []
        for button in row:
            if isinstance(button.callback_data, str):
                converted.append(Button(button.text, data=button.callback_data))
            elif button.url:
                converted.append(Button(button.text, url=button.url))
        rows.append(tuple(converted))
    return tuple(rows)


async def calendar_button(update: Update, context: Context) -> None:
    """Send the meeting's calendar file (.ics), current as of now."""
    data = pressed(update, CalendarFile)
    _, meeting, group = await load_meeting(
        context, await current_actor(update, context), data.meeting_id, Action.VIEW_MEETINGS
    )
    await answer_button(update)
    tz = await _tz(context, group.id)
    now = context.services.clock.now()
    await reply(update, context, calendar_message(group.name, meeting, tz, now))


# --- PSFs --------------------------------------------------------------------------------


async def psf_meetings(update: Update, context: Context) -> None:
    """Show a PSF their group's next meetings, and planning, slips and reminder days."""
    actor = await current_actor(update, context)
    group_ids = actor.group_ids(Role.PSF) if actor else []
    if actor is None or not group_ids:
        authorize(actor, Action.PLAN_MEETINGS)  # not a PSF: refused
        return
    if len(group_ids) > 1:
        async with context.services.db.read() as repos:
            groups = [await repos.programme.group(gid) for gid in group_ids]
        rows = [
            [Button(g.name, data=GroupMeetings(GroupAction.MANAGE, g.id).pack())]
            for g in groups
            if g is not None
        ]
        await reply(update, context, OutMessage(texts.CHOOSE_GROUP, buttons=buttons(*rows)))
        return
    await reply(update, context, await _psf_list(context, actor, group_ids[0]))


async def who_is_coming(update: Update, context: Context) -> None:
    """ "Who's coming?" from a PSF: the headcount of their group's next meeting (the list of
    meetings when they run several groups or nothing is planned)."""
    actor = await current_actor(update, context)
    group_ids = actor.group_ids(Role.PSF) if actor else []
    if actor is None or len(group_ids) != 1:
        await psf_meetings(update, context)
        return
    group = await _group(context, group_ids[0])
    authorize(actor, Action.VIEW_HEADCOUNT, group=group)
    if group is None:
        raise RuntimeError("missing: group")
    async with context.services.db.read() as repos:
        upcoming = await meetings.upcoming_meetings(repos, group.id, context.services.clock.now())
    if not upcoming:
        await psf_meetings(update, context)
        return
    await reply(update, context, await _headcount(context, actor, upcoming[0], group))


async def _psf_list(context: Context, actor: Actor, group_id: int) -> OutMessage:
    group = await _group(context, group_id)
    authorize(actor, Action.VIEW_HEADCOUNT, group=group)
    if group is None:
        raise RuntimeError("missing: group")
    now = context.services.clock.now()
    async with context.services.db.read() as repos:
        tz = await meetings.area_tz(repos, group.id)
        upcoming = (await meetings.upcoming_meetings(repos, group.id, now))[:MAX_SLIP_LINES]
        counts = await repos.meetings.answer_counts([m.id for m in upcoming])
        draft = await repos.meetings.draft(actor.person.id)
    rows = [
        [
            Button(
                texts.short_when(m.starts_at, tz),
                data=MeetingButton(MeetingAction.MANAGE, m.id).pack(),
            )
        ]
        for m in upcoming
    ]
    if is_allowed(actor, Action.PLAN_MEETINGS, group=group):
        if draft is not None and draft.group_id == group.id and draft.purpose == "plan":
            rows.append([_group_button(texts.CARRY_ON, GroupAction.RESUME, group.id)])
        rows.append([_group_button(texts.PLAN, GroupAction.PLAN, group.id, 1)])
        rows.append([_group_button(texts.REMINDER_DAYS, GroupAction.REMINDERS, group.id)])
    if upcoming and is_allowed(actor, Action.PRINT_SLIP, group=group):
        rows.append([_group_button(texts.SLIP, GroupAction.SLIP, group.id)])
    text = texts.psf_list(group.name, upcoming, counts, tz, now)
    return OutMessage(text, buttons=buttons(*rows))


def _group_button(label: str, action: GroupAction, group_id: int, value: int = 0) -> Button:
    return Button(label, data=GroupMeetings(action, group_id, value).pack())


def _meeting_button(label: str, action: MeetingAction, meeting_id: int) -> Button:
    return Button(label, data=MeetingButton(action, meeting_id).pack())


async def _psf_meeting(
    context: Context, actor: Actor, meeting: Meeting, group: Group
) -> OutMessage:
    now = context.services.clock.now()
    async with context.services.db.read() as repos:
        tz = await meetings.area_tz(repos, group.id)
        session = await meetings.session_number(repos, meeting.id)
        counts = (await repos.meetings.answer_counts([meeting.id])).get(meeting.id, {})
    rows = [[_meeting_button(texts.WHO_IS_COMING, MeetingAction.WHO, meeting.id)]]
    if is_allowed(actor, Action.NUDGE, group=group):
        rows.append([_meeting_button(texts.NUDGE, MeetingAction.NUDGE, meeting.id)])
    if is_allowed(actor, Action.PLAN_MEETINGS, group=group):
        rows += [
            [_meeting_button(texts.MOVE, MeetingAction.MOVE, meeting.id)],
            [_meeting_button(texts.CHANGE_PLACE, MeetingAction.VENUE, meeting.id)],
            [_meeting_button(texts.CANCEL, MeetingAction.CANCEL, meeting.id)],
        ]
    rows.append([Button(texts.CALENDAR_FILE, data=CalendarFile(meeting.id).pack())])
    rows.append([_group_button(texts.ALL_MEETINGS, GroupAction.MANAGE, group.id)])
    text = texts.psf_meeting(group.name, meeting, session, counts, tz=tz, now=now)
    return OutMessage(text, buttons=buttons(*rows))


async def _headcount(context: Context, actor: Actor, meeting: Meeting, group: Group) -> OutMessage:
    now = context.services.clock.now()
    async with context.services.db.read() as repos:
        tz = await meetings.area_tz(repos, group.id)
        count = await meetings.headcount(repos, meeting)
    rows = [[_meeting_button(texts.REFRESH, MeetingAction.WHO, meeting.id)]]
    if count.can_nudge and is_allowed(actor, Action.NUDGE, group=group):
        rows.append([_meeting_button(texts.NUDGE, MeetingAction.NUDGE, meeting.id)])
    rows.append([_meeting_button(texts.BACK, MeetingAction.MANAGE, meeting.id)])
    return OutMessage(texts.headcount(group.name, count, tz=tz, now=now), buttons=buttons(*rows))


ACTION_NEEDS = {
    MeetingAction.CARD: Action.VIEW_MEETINGS,
    MeetingAction.MANAGE: Action.VIEW_HEADCOUNT,
    MeetingAction.WHO: Action.VIEW_HEADCOUNT,
    MeetingAction.NUDGE: Action.NUDGE,
    MeetingAction.MOVE: Action.PLAN_MEETINGS,
    MeetingAction.VENUE: Action.PLAN_MEETINGS,
    MeetingAction.CANCEL: Action.PLAN_MEETINGS,
    MeetingAction.CANCEL_YES: Action.PLAN_MEETINGS,
}


async def meeting_button(update: Update, context: Context) -> None:
    """One meeting: a member's card, a PSF's view, who's coming, nudge, move, place, cancel."""
    data = pressed(update, MeetingButton)
    actor, meeting, group = await load_meeting(
        context, await current_actor(update, context), data.meeting_id, ACTION_NEEDS[data.action]
    )
    action = data.action
    if action is MeetingAction.CARD:
        await answer_button(update)
        await show(update, context, await _card(context, actor, meeting, group))
    elif action is MeetingAction.MANAGE:
        await answer_button(update)
        await show(update, context, await _psf_meeting(context, actor, meeting, group))
    elif action is MeetingAction.WHO:
        await answer_button(update)
        await show(update, context, await _headcount(context, actor, meeting, group))
    elif action is MeetingAction.NUDGE:
        await _nudge(update, context, actor, meeting)
    elif action in (MeetingAction.MOVE, MeetingAction.VENUE):
        await planning.start_change(update, context, actor, meeting, action)
    elif action is MeetingAction.CANCEL:
        await _confirm_cancel(update, context, meeting)
    else:
        await _cancel(update, context, actor, meeting)


async def _nudge(update: Update, context: Context, actor: Actor, meeting: Meeting) -> None:
    services = context.services
    now = services.clock.now()
    try:
        async with services.db.transaction() as repos:
            outcome = await meetings.nudge(
                repos,
                meeting=meeting,
                actor_id=actor.person.id,
                now=now,
                rules=base_rules(services),
            )
            tz = await meetings.area_tz(repos, meeting.group_id)
    except MeetingError as problem:
        await _problem(update, problem)
        return
    await answer_button(update)
    if outcome.already_today:
        await reply(update, context, OutMessage(texts.ALREADY_NUDGED))
        return
    await reply(update, context, OutMessage(texts.nudged(outcome.sent, outcome.due_at, tz, now)))


async def _confirm_cancel(update: Update, context: Context, meeting: Meeting) -> None:
    now = context.services.clock.now()
    if meeting.is_cancelled or meeting.has_started(now):
        await _problem(update, MeetingError("cancelled" if meeting.is_cancelled else "started"))
        return
    await answer_button(update)
    tz = await _tz(context, meeting.group_id)
    rows = buttons(
        [_meeting_button(texts.YES_CANCEL, MeetingAction.CANCEL_YES, meeting.id)],
        [_meeting_button(texts.NO_KEEP, MeetingAction.MANAGE, meeting.id)],
    )
    await show(update, context, OutMessage(texts.confirm_cancel(meeting, tz, now), buttons=rows))


async def _cancel(update: Update, context: Context, actor: Actor, meeting: Meeting) -> None:
    services = context.services
    now = services.clock.now()
    try:
        async with services.db.transaction() as repos:
            changed = await meetings.cancel_meeting(
                repos, meeting=meeting, actor_id=actor.person.id, now=now
            )
    except MeetingError as problem:
        await _problem(update, problem)
        return
    await answer_button(update)
    back = buttons([_group_button(texts.ALL_MEETINGS, GroupAction.MANAGE, meeting.group_id)])
    await show(update, context, OutMessage(texts.cancelled_done(changed.told), buttons=back))


# --- group-level buttons -----------------------------------------------------------------


GROUP_ACTION_NEEDS = {
    GroupAction.MANAGE: Action.VIEW_HEADCOUNT,
    GroupAction.PLAN: Action.PLAN_MEETINGS,
    GroupAction.RESUME: Action.PLAN_MEETINGS,
    GroupAction.SLIP: Action.PRINT_SLIP,
    GroupAction.SLIP_PDF: Action.PRINT_SLIP,
    GroupAction.SLIP_PNG: Action.PRINT_SLIP,
    GroupAction.REMINDERS: Action.PLAN_MEETINGS,
    GroupAction.TOGGLE_DAY: Action.PLAN_MEETINGS,
}


async def group_button(update: Update, context: Context) -> None:
    """A group's meetings list, planning, the printable slip, and the reminder days."""
    data = pressed(update, GroupMeetings)
    actor = await current_actor(update, context)
    if data.action is GroupAction.LIST:
        if actor is None or not actor.groups:
            authorize(actor, Action.VIEW_MEETINGS)
            return
        await answer_button(update)
        await show(update, context, await _member_list(context, actor))
        return
    group = await _group(context, data.group_id)
    actor = authorize(actor, GROUP_ACTION_NEEDS[data.action], group=group)
    if group is None:
        raise RuntimeError("missing: group")
    if data.action is GroupAction.MANAGE:
        await answer_button(update)
        await show(update, context, await _psf_list(context, actor, group.id))
    elif data.action in (GroupAction.PLAN, GroupAction.RESUME):
        await planning.start_plan(
            update, context, actor, group, fresh=data.action is GroupAction.PLAN
        )
    elif data.action is GroupAction.SLIP:
        await answer_button(update)
        rows = buttons(
            [_group_button(texts.SLIP_PDF, GroupAction.SLIP_PDF, group.id)],
            [_group_button(texts.SLIP_PNG, GroupAction.SLIP_PNG, group.id)],
        )
        await show(update, context, OutMessage(texts.SLIP_CHOOSE, buttons=rows))
    elif data.action in (GroupAction.SLIP_PDF, GroupAction.SLIP_PNG):
        await _send_slip(update, context, group, pdf=data.action is GroupAction.SLIP_PDF)
    else:
        await _reminder_days(update, context, group, data)


async def _send_slip(update: Update, context: Context, group: Group, *, pdf: bool) -> None:
    await answer_button(update)
    now = context.services.clock.now()
    async with context.services.db.read() as repos:
        tz = await meetings.area_tz(repos, group.id)
        upcoming = (await meetings.upcoming_meetings(repos, group.id, now))[:MAX_SLIP_LINES]
        psfs = await repos.people.members_of(group.id, role=Role.PSF)
    if not upcoming:
        await reply(update, context, OutMessage(texts.SLIP_NOTHING))
        return
    lines = slip_lines(upcoming, tz, now.astimezone(tz).date())
    footer = texts.slip_footer(
        [m.person.display_name for m in psfs if m.person.forgotten_at is None]
    )
    # People without Telegram read the short privacy notice on their slip.
    footer += "\n" + privacy_texts.slip_notice(NoticeFacts.from_settings(context.services.settings))
    draw = slip_pdf if pdf else slip_png
    # ~0.4 s of drawing: off the event loop so other people's taps are answered meanwhile.
    data = await asyncio.to_thread(draw, group_name=group.name, lines=lines, footer=footer)
    name = f"meetings-{now.astimezone(tz).date().isoformat()}.{'pdf' if pdf else 'png'}"
    await reply(
        update, context, OutMessage(texts.SLIP_CAPTION, attachment=Attachment(name, data=data))
    )


async def _reminder_days(
    update: Update, context: Context, group: Group, data: GroupMeetings
) -> None:
    services = context.services
    base = base_rules(services)
    if data.action is GroupAction.TOGGLE_DAY:
        if data.value not in texts.REMINDER_DAY_CHOICES:
            raise BadCallback("not a reminder day")
        async with services.db.transaction() as repos:
            rules = await meetings.rules_for(repos, group.id, base)
            days = set(rules.offsets) ^ {data.value}
            rules = await meetings.set_reminder_days(
                repos, group=group, days=days, now=services.clock.now(), base=base
            )
    else:
        async with services.db.read() as repos:
            rules = await meetings.rules_for(repos, group.id, base)
    await answer_button(update)
    rows = [
        [
            _group_button(
                texts.reminder_day_label(days, days in rules.offsets),
                GroupAction.TOGGLE_DAY,
                group.id,
                days,
            )
        ]
        for days in texts.REMINDER_DAY_CHOICES
    ]
    rows.append([_group_button(texts.DONE, GroupAction.MANAGE, group.id)])
    await show(
        update,
        context,
        OutMessage(texts.reminder_days(group.name, rules.offsets), buttons=buttons(*rows)),
    )


PEERS = frozenset({Role.PEER})
PSFS = frozenset({Role.PSF})

FEATURE = Feature(
    name="meetings",
    callbacks=(
        (Rsvp, rsvp_button),
        (CalendarFile, calendar_button),
        (MeetingButton, meeting_button),
        (GroupMeetings, group_button),
        (PlanButton, planning.plan_button),
    ),
    menu=(
        MenuEntry(texts.PSF_MENU_LABEL, PSFS, psf_meetings, texts.PSF_EXPLAINS),
        MenuEntry(texts.PEER_MENU_LABEL, PEERS, our_meetings, texts.PEER_EXPLAINS),
    ),
    inputs=planning.INPUTS,
)
