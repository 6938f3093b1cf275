"""Planning meetings with taps, and moving one or changing its place: one screen per question.

The answers so far are a draft row (bot.meetings.drafts), so a PSF who is interrupted, or a bot
that restarts, carries on where they were. Typing is only asked for a time not on the buttons
(parsed strictly and repeated back) and a new venue's name, address and notes.
"""

from __future__ import annotations

from datetime import date, datetime, time

from telegram import Update

from bot.auth import Action, Actor, authorize
from bot.callbacks import BadCallback
from bot.meetings import drafts, texts
from bot.meetings import rules as meetings
from bot.meetings.buttons import (
    EditField,
    GroupAction,
    GroupMeetings,
    MeetingAction,
    PlanButton,
    PlanStep,
)
from bot.meetings.deliveries import base_rules
from bot.meetings.drafts import DraftProblem, Screen
from bot.meetings.rules import MeetingError, ReminderRules
from bot.meetings.schedule import calendar_month, local_to_utc, parse_typed_time
from bot.messages import Button, OutMessage, buttons
from bot.models import Group, Meeting, MeetingDraft
from bot.storage import Repos
from bot.texts.dates import clock
from handlers.common import Callback, Context, answer_button, current_actor, pressed, reply, show

INPUT_TIME = "meetings.time"
INPUT_VENUE_NAME = "meetings.venue_name"
INPUT_VENUE_ADDRESS = "meetings.venue_address"
INPUT_VENUE_NOTES = "meetings.venue_notes"
PER_ROW_TIMES = 3
PER_ROW_COUNTS = 4


def _button(draft: MeetingDraft, label: str, step: PlanStep, value: int = 0) -> Button:
    return Button(label, data=PlanButton(draft.id, step, int(value)).pack())


def _stop(draft: MeetingDraft) -> list[Button]:
    return [_button(draft, texts.STOP, PlanStep.STOP)]


# --- starting ----------------------------------------------------------------------------


async def start_plan(
    update: Update, context: Context, actor: Actor, group: Group, *, fresh: bool
) -> None:
    """Begin planning (or carry on with the PSF's draft for this group)."""
    services = context.services
    now = services.clock.now()
    try:
        async with services.db.read() as repos:
            await meetings.check_plannable(repos, group)
    except MeetingError as problem:
        await answer_button(update, texts.MEETING_PROBLEM[problem.reason], alert=True)
        return
    async with services.db.transaction() as repos:
        draft = await repos.meetings.draft(actor.person.id)
        if fresh or draft is None or draft.group_id != group.id or draft.purpose != drafts.PLAN:
            draft = await repos.meetings.start_draft(
                person_id=actor.person.id, purpose=drafts.PLAN, group_id=group.id, now=now
            )
        await repos.awaiting.clear(actor.person.id)
        screen = await render_screen(repos, draft, now, base_rules(services))
    await answer_button(update)
    await show(update, context, screen)


async def start_change(
    update: Update, context: Context, actor: Actor, meeting: Meeting, action: MeetingAction
) -> None:
    """Begin moving a meeting, or changing where it is."""
    services = context.services
    now = services.clock.now()
    if meeting.is_cancelled or meeting.has_started(now):
        reason = "cancelled" if meeting.is_cancelled else "started"
        await answer_button(update, texts.MEETING_PROBLEM[reason], alert=True)
        return
    purpose = drafts.MOVE if action is MeetingAction.MOVE else drafts.VENUE
    async with services.db.transaction() as repos:
        draft = await repos.meetings.start_draft(
            person_id=actor.person.id,
            purpose=purpose,
            group_id=meeting.group_id,
            meeting_id=meeting.id,
            now=now,
        )
        await repos.awaiting.clear(actor.person.id)
        screen = await render_screen(repos, draft, now, base_rules(services))
    await answer_button(update)
    await show(update, context, screen)


# --- screens -----------------------------------------------------------------------------


async def render_screen(
    repos: Repos, draft: MeetingDraft, now: datetime, rules: ReminderRules
) -> OutMessage:
    """The question the draft still needs answered, or the check screen."""
    tz = await meetings.area_tz(repos, draft.group_id)
    today = now.astimezone(tz).date()
    screen = drafts.next_screen(draft)
    if screen is Screen.PATTERN:
        rows = [
            [_button(draft, label, PlanStep.PATTERN, index)]
            for index, label in enumerate(texts.PATTERN_LABELS)
        ]
        return OutMessage(texts.PATTERN_QUESTION, buttons=buttons(*rows, _stop(draft)))
    if screen is Screen.DATE:
        return OutMessage(
            texts.date_question(draft.purpose, draft.pattern),
            buttons=buttons(*_calendar(draft, today)),
        )
    if screen is Screen.TIME:
        return await _time_screen(repos, draft, today)
    if screen is Screen.VENUE:
        return await _venue_screen(repos, draft, now)
    if screen is Screen.COUNT:
        counts = [
            _button(draft, texts.count_label(n), PlanStep.COUNT, n) for n in texts.COUNT_CHOICES
        ]
        rows = [counts[i : i + PER_ROW_COUNTS] for i in range(0, len(counts), PER_ROW_COUNTS)]
        return OutMessage(texts.count_question(), buttons=buttons(*rows, _stop(draft)))
    return await _check_screen(repos, draft, now, rules)


def _calendar(draft: MeetingDraft, today: date) -> list[list[Button]]:
    year, month = drafts.month_shown(draft, today)
    last_day = today + drafts.HORIZON
    noop = PlanStep.NOOP
    rows = [
        [_button(draft, texts.month_title(year, month), noop)],
        [_button(draft, letter, noop) for letter in texts.WEEKDAY_LETTERS],
    ]
    picked = set(draft.picked)
    for week in calendar_month(year, month):
        if all(day is None or day < today or day > last_day for day in week):
            continue  # a week wholly gone by (or beyond reach) would be a row of dots
        row = []
        for day in week:
            if day is None or day < today or day > last_day:
                row.append(_button(draft, texts.PAST_DAY, noop))
                continue
            label = texts.picked_day(day.day) if day in picked else str(day.day)
            row.append(_button(draft, label, PlanStep.DAY, int(day.strftime("%Y%m%d"))))
        rows.append(row)
    navigation = []
    if (year, month) > (today.year, today.month):
        before = (year * 12 + month - 2) // 12, (month - 2) % 12 + 1
        navigation.append(
            _button(draft, texts.PREVIOUS_MONTH, PlanStep.MONTH, before[0] * 100 + before[1])
        )
    if (year, month) < (last_day.year, last_day.month):
        after = (year * 12 + month) // 12, month % 12 + 1
        navigation.append(
            _button(draft, texts.NEXT_MONTH, PlanStep.MONTH, after[0] * 100 + after[1])
        )
    if navigation:
        rows.append(navigation)
    if draft.pattern == drafts.PICKED and draft.purpose == drafts.PLAN:
        rows.append([_button(draft, texts.done_picking(len(draft.picked)), PlanStep.PICKED)])
    rows.append(_stop(draft))
    return rows


async def _time_screen(repos: Repos, draft: MeetingDraft, today: date) -> OutMessage:
    days = drafts.picked_or_first(draft)
    choices = list(drafts.TIME_CHOICES)
    first: list[Button] = []
    if draft.purpose == drafts.MOVE and draft.meeting_id is not None:
        meeting = await repos.meetings.get(draft.meeting_id)
        if meeting is not None:
            tz = await meetings.area_tz(repos, draft.group_id)
            current = meeting.starts_at.astimezone(tz).time()
            first = [_button(draft, texts.keep_time(current), PlanStep.TIME, _hhmm(current))]
    kept = {button.data for button in first}
    times = [_button(draft, clock(t), PlanStep.TIME, _hhmm(t)) for t in choices]
    times = [button for button in times if button.data not in kept]
    rows = [first] if first else []
    rows += [times[i : i + PER_ROW_TIMES] for i in range(0, len(times), PER_ROW_TIMES)]
    rows += [[_button(draft, texts.OTHER_TIME, PlanStep.OTHER_TIME)], _stop(draft)]
    text = texts.time_question(draft.purpose, texts.picked_summary(days, today))
    return OutMessage(text, buttons=buttons(*rows))


def _hhmm(t: time) -> int:
    return t.hour * 100 + t.minute


async def _venue_screen(repos: Repos, draft: MeetingDraft, now: datetime) -> OutMessage:
    group = await repos.programme.group(draft.group_id)
    saved = await repos.meetings.venues_of(draft.group_id)
    current = None
    when = None
    if draft.meeting_id is not None:
        meeting = await repos.meetings.get(draft.meeting_id)
        if meeting is not None:
            current = meeting.venue_id
            tz = await meetings.area_tz(repos, draft.group_id)
            when = texts.meeting_lines(meeting, tz, now)[0]
    rows = [
        [_button(draft, venue.name, PlanStep.VENUE, venue.id)]
        for venue in saved
        if venue.id != current
    ]
    if group is not None and group.venue and all(v.name != group.venue for v in saved):
        rows.insert(0, [_button(draft, group.venue, PlanStep.VENUE, 0)])
    rows += [[_button(draft, texts.NEW_VENUE, PlanStep.NEW_VENUE)], _stop(draft)]
    return OutMessage(texts.venue_question(draft.purpose, when), buttons=buttons(*rows))


async def _check_screen(
    repos: Repos, draft: MeetingDraft, now: datetime, rules: ReminderRules
) -> OutMessage:
    tz = await meetings.area_tz(repos, draft.group_id)
    group_rules = await meetings.rules_for(repos, draft.group_id, rules)
    edit = PlanStep.EDIT
    if draft.purpose == drafts.PLAN:
        venue = await repos.meetings.venue(draft.venue_id or 0)
        if venue is None:
            raise RuntimeError("missing: venue")
        spec = drafts.spec_of(draft, group_rules.length)
        planned = meetings.plan_preview(spec, tz)
        warnings = await meetings.date_warnings(
            repos,
            group_id=draft.group_id,
            days=[p.starts_at.astimezone(tz).date() for p in planned],
            tz=tz,
            now=now,
            rules=group_rules,
        )
        text = texts.plan_check(
            texts.pattern_words(spec),
            [(p.starts_at, p.ends_at) for p in planned],
            venue,
            warnings,
            tz=tz,
            now=now,
        )
        rows = [
            [_button(draft, texts.SAVE, PlanStep.SAVE)],
            [_button(draft, texts.CHANGE_DATE, edit, EditField.DATE)],
            [_button(draft, texts.CHANGE_TIME, edit, EditField.TIME)],
            [_button(draft, texts.CHANGE_PLACE_SHORT, edit, EditField.VENUE)],
        ]
        if drafts.is_series(draft):
            rows.append([_button(draft, texts.CHANGE_COUNT, edit, EditField.COUNT)])
        rows += [[_button(draft, texts.CHANGE_PATTERN, edit, EditField.PATTERN)], _stop(draft)]
        return OutMessage(text, buttons=buttons(*rows))
    meeting = await repos.meetings.get(draft.meeting_id or 0)
    if meeting is None:
        raise BadCallback("the meeting is gone")
    if draft.purpose == drafts.MOVE:
        if draft.first_date is None or draft.start_time is None:
            raise RuntimeError("missing: draft.first_date, draft.start_time")
        start = local_to_utc(draft.first_date, draft.start_time, tz)
        end = start + (meeting.ends_at - meeting.starts_at)
        warnings = await meetings.date_warnings(
            repos,
            group_id=draft.group_id,
            days=[draft.first_date],
            tz=tz,
            now=now,
            rules=group_rules,
            ignore_meeting=meeting.id,
        )
        text = texts.move_check(meeting, start, end, warnings, tz=tz, now=now)
        rows = [
            [_button(draft, texts.YES_MOVE, PlanStep.SAVE)],
            [_button(draft, texts.CHANGE_DATE, edit, EditField.DATE)],
            [_button(draft, texts.CHANGE_TIME, edit, EditField.TIME)],
            _stop(draft),
        ]
        return OutMessage(text, buttons=buttons(*rows))
    venue = await repos.meetings.venue(draft.venue_id or 0)
    if venue is None:
        raise RuntimeError("missing: venue")
    rows = [
        [_button(draft, texts.YES_CHANGE_PLACE, PlanStep.SAVE)],
        [_button(draft, texts.CHANGE_PLACE_SHORT, edit, EditField.VENUE)],
        _stop(draft),
    ]
    return OutMessage(texts.venue_check(meeting, venue, tz, now), buttons=buttons(*rows))


# --- taps --------------------------------------------------------------------------------


async def _open_draft(
    repos: Repos, actor: Actor | None, draft_id: int
) -> tuple[Actor, MeetingDraft, Group]:
    """The actor's current draft, if the button belongs to it and they may still plan."""
    if actor is None:
        authorize(actor, Action.PLAN_MEETINGS)
        raise AssertionError("unreachable")
    draft = await repos.meetings.draft(actor.person.id)
    if draft is None or draft.id != draft_id:
        raise BadCallback("not the current draft")
    group = await repos.programme.group(draft.group_id)
    actor = authorize(actor, Action.PLAN_MEETINGS, group=group)
    if group is None:
        raise RuntimeError("missing: group")
    return actor, draft, group


async def plan_button(update: Update, context: Context) -> None:
    """One tap in the planning questions: a pattern, a day, a time, a place, a number, Save."""
    data = pressed(update, PlanButton)
    actor = await current_actor(update, context)
    if data.step is PlanStep.NOOP:
        await answer_button(update)
        return
    services = context.services
    now = services.clock.now()
    rules = base_rules(services)
    try:
        async with services.db.transaction() as repos:
            actor, draft, group = await _open_draft(repos, actor, data.draft_id)
            if data.step is not PlanStep.SKIP_NOTES:
                await repos.awaiting.clear(actor.person.id)
            outcome = await _apply(repos, actor, draft, group, data, now=now, rules=rules)
    except DraftProblem as problem:
        await answer_button(update, str(problem), alert=True)
        return
    except MeetingError as problem:
        await answer_button(update, texts.MEETING_PROBLEM[problem.reason], alert=True)
        return
    await answer_button(update)
    if outcome.edit is not None:
        await show(update, context, outcome.edit)
    if outcome.reply is not None:
        await reply(update, context, outcome.reply)


class _Outcome:
    def __init__(self, *, edit: OutMessage | None = None, reply: OutMessage | None = None) -> None:
        self.edit = edit
        self.reply = reply


async def _apply(  # noqa: PLR0912 - one branch per kind of tap
    repos: Repos,
    actor: Actor,
    draft: MeetingDraft,
    group: Group,
    data: PlanButton,
    *,
    now: datetime,
    rules: ReminderRules,
) -> _Outcome:
    tz = await meetings.area_tz(repos, group.id)
    today = now.astimezone(tz).date()
    step = data.step
    if step is PlanStep.STOP:
        await repos.meetings.drop_draft(actor.person.id)
        return _Outcome(edit=OutMessage(texts.STOPPED))
    if step is PlanStep.SAVE:
        return await _save(repos, actor, draft, group, now=now, rules=rules)
    if step is PlanStep.OTHER_TIME:
        if drafts.next_screen(draft) is not Screen.TIME:
            raise BadCallback("not choosing a time")
        await repos.awaiting.expect(actor.person.id, INPUT_TIME, {"draft": draft.id}, now)
        return _Outcome(reply=OutMessage(texts.ASK_TIME))
    if step is PlanStep.NEW_VENUE:
        if drafts.next_screen(draft) is not Screen.VENUE:
            raise BadCallback("not choosing a place")
        await repos.awaiting.expect(actor.person.id, INPUT_VENUE_NAME, {"draft": draft.id}, now)
        return _Outcome(reply=OutMessage(texts.ASK_VENUE_NAME))
    if step is PlanStep.SKIP_NOTES:
        waiting = await repos.awaiting.get(actor.person.id)
        if waiting is None or waiting.kind != INPUT_VENUE_NOTES:
            raise BadCallback("not asking for notes")
        await repos.awaiting.clear(actor.person.id)
        draft, saved = await _save_new_venue(repos, actor, draft, group, notes="", now=now)
        screen = await render_screen(repos, draft, now, rules)
        return _Outcome(reply=_prefixed(texts.venue_saved(saved), screen))
    if step is PlanStep.PATTERN:
        draft = await drafts.choose_pattern(repos, draft, data.value)
    elif step is PlanStep.MONTH:
        draft = await drafts.browse(repos, draft, data.value, today)
    elif step is PlanStep.DAY:
        draft = await drafts.tap_day(repos, draft, data.value, today)
    elif step is PlanStep.PICKED:
        draft = await drafts.finish_picking(repos, draft)
    elif step is PlanStep.TIME:
        draft = await drafts.choose_time(repos, draft, data.value)
    elif step is PlanStep.VENUE:
        draft = await _choose_venue(repos, draft, group, data.value, now)
    elif step is PlanStep.COUNT:
        draft = await drafts.choose_count(repos, draft, data.value)
    elif step is PlanStep.EDIT:
        draft = await drafts.edit(repos, draft, data.value)
    return _Outcome(edit=await render_screen(repos, draft, now, rules))


async def _choose_venue(
    repos: Repos, draft: MeetingDraft, group: Group, value: int, now: datetime
) -> MeetingDraft:
    if drafts.next_screen(draft) is not Screen.VENUE:
        raise BadCallback("not choosing a place")
    if value == 0:
        venue = await meetings.usual_venue(repos, group, now)
    else:
        venue = await repos.meetings.venue(value)
    if venue is None or venue.group_id != group.id:
        raise BadCallback("not this group's place")
    return await repos.meetings.update_draft(draft, venue_id=venue.id)


async def _save(
    repos: Repos,
    actor: Actor,
    draft: MeetingDraft,
    group: Group,
    *,
    now: datetime,
    rules: ReminderRules,
) -> _Outcome:
    if drafts.next_screen(draft) is not Screen.CHECK:
        raise BadCallback("not ready to save")
    back = buttons(
        [Button(texts.ALL_MEETINGS, data=GroupMeetings(GroupAction.MANAGE, group.id).pack())]
    )
    if draft.purpose == drafts.PLAN:
        venue = await repos.meetings.venue(draft.venue_id or 0)
        if venue is None:
            raise BadCallback("the place is gone")
        group_rules = await meetings.rules_for(repos, group.id, rules)
        created = await meetings.plan_meetings(
            repos,
            group=group,
            spec=drafts.spec_of(draft, group_rules.length),
            venue=venue,
            planner_id=actor.person.id,
            now=now,
            rules=rules,
        )
        text = texts.saved(len(created))
    else:
        meeting = await repos.meetings.get(draft.meeting_id or 0)
        if meeting is None or meeting.group_id != group.id:
            raise BadCallback("the meeting is gone")
        if draft.purpose == drafts.MOVE:
            if draft.first_date is None or draft.start_time is None:
                raise RuntimeError("missing: draft.first_date, draft.start_time")
            changed = await meetings.move_meeting(
                repos,
                meeting=meeting,
                day=draft.first_date,
                start_time=draft.start_time,
                actor_id=actor.person.id,
                now=now,
                rules=rules,
            )
            text = texts.moved_done(changed.told)
        else:
            venue = await repos.meetings.venue(draft.venue_id or 0)
            if venue is None:
                raise BadCallback("the place is gone")
            changed = await meetings.change_venue(
                repos, meeting=meeting, venue=venue, actor_id=actor.person.id, now=now
            )
            text = texts.venue_done(changed.told)
    await repos.meetings.drop_draft(actor.person.id)
    return _Outcome(edit=OutMessage(text, buttons=back))


def _prefixed(first_line: str, screen: OutMessage) -> OutMessage:
    return OutMessage(f"{first_line}\n\n{screen.text}", buttons=screen.buttons)


# --- typed answers -----------------------------------------------------------------------


async def _typed(
    update: Update, context: Context, limit: int
) -> tuple[Actor, MeetingDraft, Group, str] | None:
    """The typed text and the draft it belongs to; None after saying why it can't be used."""
    actor = await current_actor(update, context)
    message = update.effective_message
    if actor is None or message is None:
        return None
    services = context.services
    async with services.db.transaction() as repos:
        waiting = await repos.awaiting.get(actor.person.id)
        draft = await repos.meetings.draft(actor.person.id)
        draft_id = waiting.payload.get("draft") if waiting else None
        if draft is None or draft.id != draft_id:
            await repos.awaiting.clear(actor.person.id)
            draft = None
    if draft is None:
        await reply(update, context, OutMessage(texts.DRAFT_GONE))
        return None
    group = await _group_of(context, draft)
    authorize(actor, Action.PLAN_MEETINGS, group=group)
    if group is None:
        raise RuntimeError("missing: group")
    text = message.text
    if text is None:
        await reply(update, context, OutMessage(texts.NEED_TEXT))
        return None
    if len(text) > limit:
        await reply(update, context, OutMessage(texts.too_long(limit)))
        return None
    return actor, draft, group, text


async def _group_of(context: Context, draft: MeetingDraft) -> Group | None:
    async with context.services.db.read() as repos:
        return await repos.programme.group(draft.group_id)


async def time_typed(update: Update, context: Context) -> None:
    """The PSF typed a start time: understood and repeated back, or asked again."""
    typed = await _typed(update, context, texts.TIME_LIMIT)
    if typed is None:
        return
    actor, draft, _, text = typed
    start = parse_typed_time(text)
    if start is None:
        await reply(update, context, OutMessage(texts.TIME_NOT_UNDERSTOOD))
        return
    services = context.services
    now = services.clock.now()
    try:
        async with services.db.transaction() as repos:
            draft = await drafts.typed_time(repos, draft, start)
            await repos.awaiting.clear(actor.person.id)
            screen = await render_screen(repos, draft, now, base_rules(services))
    except DraftProblem as problem:
        await reply(update, context, OutMessage(str(problem)))
        return
    await reply(update, context, _prefixed(texts.time_understood(start), screen))


async def venue_name_typed(update: Update, context: Context) -> None:
    """The PSF typed a new venue's name; next, its address."""
    await _venue_part(update, context, texts.VENUE_NAME_LIMIT, "new_venue_name")


async def venue_address_typed(update: Update, context: Context) -> None:
    """The PSF typed the new venue's address; next, notes (or Skip)."""
    await _venue_part(update, context, texts.VENUE_ADDRESS_LIMIT, "new_venue_address")


async def _venue_part(update: Update, context: Context, limit: int, field: str) -> None:
    typed = await _typed(update, context, limit)
    if typed is None:
        return
    actor, draft, _, text = typed
    try:
        cleaned = meetings.clean_text(text, limit)
    except MeetingError as problem:
        await reply(update, context, OutMessage(texts.MEETING_PROBLEM[problem.reason]))
        return
    services = context.services
    now = services.clock.now()
    async with services.db.transaction() as repos:
        draft = await repos.meetings.update_draft(draft, **{field: cleaned})
        if field == "new_venue_name":
            await repos.awaiting.expect(
                actor.person.id, INPUT_VENUE_ADDRESS, {"draft": draft.id}, now
            )
            answer = OutMessage(texts.ASK_VENUE_ADDRESS)
        else:
            await repos.awaiting.expect(
                actor.person.id, INPUT_VENUE_NOTES, {"draft": draft.id}, now
            )
            answer = OutMessage(
                texts.ASK_VENUE_NOTES,
                buttons=buttons([_button(draft, texts.SKIP, PlanStep.SKIP_NOTES)]),
            )
    await reply(update, context, answer)


async def venue_notes_typed(update: Update, context: Context) -> None:
    """The PSF typed notes on finding the new venue: it is saved and chosen."""
    typed = await _typed(update, context, texts.VENUE_NOTES_LIMIT)
    if typed is None:
        return
    actor, draft, group, text = typed
    services = context.services
    now = services.clock.now()
    try:
        async with services.db.transaction() as repos:
            await repos.awaiting.clear(actor.person.id)
            draft, name = await _save_new_venue(repos, actor, draft, group, notes=text, now=now)
            screen = await render_screen(repos, draft, now, base_rules(services))
    except MeetingError as problem:
        await reply(update, context, OutMessage(texts.MEETING_PROBLEM[problem.reason]))
        return
    await reply(update, context, _prefixed(texts.venue_saved(name), screen))


async def _save_new_venue(
    repos: Repos, actor: Actor, draft: MeetingDraft, group: Group, *, notes: str, now: datetime
) -> tuple[MeetingDraft, str]:
    if not draft.new_venue_name:
        raise BadCallback("no venue name yet")
    venue = await meetings.add_venue(
        repos,
        group=group,
        name=draft.new_venue_name,
        address=draft.new_venue_address or "",
        notes=notes,
        created_by=actor.person.id,
        now=now,
    )
    draft = await repos.meetings.update_draft(
        draft, venue_id=venue.id, new_venue_name=None, new_venue_address=None
    )
    return draft, venue.name


INPUTS: dict[str, Callback] = {
    INPUT_TIME: time_typed,
    INPUT_VENUE_NAME: venue_name_typed,
    INPUT_VENUE_ADDRESS: venue_address_typed,
    INPUT_VENUE_NOTES: venue_notes_typed,
}

__all__ = ["INPUTS", "plan_button", "start_change", "start_plan"]
