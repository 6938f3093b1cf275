"""✅ Check-in (PSFs): the one-minute check-in after each meeting; and peers' "How was today?"
and topic for next time."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import Message, Update

from bot.auth import Action, Actor, authorize
from bot.checkins import rules as checkins
from bot.checkins import texts
from bot.checkins.buttons import (
    AttendanceAct,
    AttendanceButton,
    CheckinAct,
    CheckinButton,
    FeedbackAct,
    FeedbackButton,
    editable_step,
    not_met_reason,
    obstacle,
    rating,
    text_field,
    yes_no,
)
from bot.checkins.deliveries import times_of
from bot.checkins.messages import feedback_message, step_message, topic_prompt
from bot.checkins.records import Counted
from bot.checkins.rules import CheckinError
from bot.checkins.views import CheckinView
from bot.concerns.messages import danger_question
from bot.meetings import rules as meetings
from bot.meetings.texts import short_when
from bot.messages import Button, OutMessage, buttons
from bot.models import Role
from bot.sessions.ideas import MAX_LENGTH as TOPIC_LIMIT
from bot.sessions.ideas import SuggestionError
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
from handlers.menu import menu_of
from handlers.safety import emergency_in


async def _problem(update: Update, problem: CheckinError) -> None:
    text = texts.PROBLEM[problem.reason].format(limit=f"{checkins.TEXT_LIMIT:,}")
    await answer_button(update, text, alert=True)


# --- the PSF's check-in ------------------------------------------------------------------------


async def checkin_menu(update: Update, context: Context) -> None:
    """The latest meeting's check-in where it stands (or its summary), or "nothing yet"."""
    actor = await current_actor(update, context)
    if actor is None or not actor.group_ids(Role.PSF):
        authorize(actor, Action.CHECK_IN)  # not a PSF: refused
        return
    services = context.services
    now = services.clock.now()
    async with services.db.transaction() as repos:
        latest = await checkins.latest_meetings(repos, actor, now)
        if len(latest) == 1:
            view = await checkins.open_checkin(repos, actor, latest[0][1].id, now)
            message = step_message(view)
        elif latest:
            rows = []
            for group, meeting in latest:
                when = short_when(meeting.starts_at, await meetings.area_tz(repos, group.id))
                data = CheckinButton(meeting.id, CheckinAct.OPEN).pack()
                rows.append([Button(f"{group.name} — {when}", data=data)])
            message = OutMessage(texts.CHOOSE_GROUP, buttons=buttons(*rows))
        else:
            message = OutMessage(texts.NOTHING_YET)
    await reply(update, context, message)


async def _after(update: Update, context: Context, view: CheckinView) -> None:
    await answer_button(update)
    await show(update, context, step_message(view))


async def attendance_button(update: Update, context: Context) -> None:
    """Who came: tick a name, ➖ ➕ the others, "We didn't meet" and why, Done."""
    data = pressed(update, AttendanceButton)
    actor = await current_actor(update, context)
    services = context.services
    now = services.clock.now()
    act, meeting_id = data.act, data.meeting_id
    counted = {
        AttendanceAct.FEWER_OFFLINE: (Counted.WITHOUT_TELEGRAM, -1),
        AttendanceAct.MORE_OFFLINE: (Counted.WITHOUT_TELEGRAM, 1),
        AttendanceAct.FEWER_NEW: (Counted.NEWCOMERS, -1),
        AttendanceAct.MORE_NEW: (Counted.NEWCOMERS, 1),
    }
    try:
        async with services.db.transaction() as repos:
            if act is AttendanceAct.MARK:
                view = await checkins.toggle_mark(repos, actor, meeting_id, data.value, now)
            elif act in counted:
                which, delta = counted[act]
                view = await checkins.change_count(
                    repos, actor, meeting_id, which=which, delta=delta, now=now
                )
            elif act is AttendanceAct.COUNT:
                view = await checkins.open_checkin(repos, actor, meeting_id, now)
            elif act in (AttendanceAct.NOT_MET, AttendanceAct.MET):
                met = act is AttendanceAct.MET
                view = await checkins.set_met(repos, actor, meeting_id, met, now)
            elif act is AttendanceAct.REASON:
                reason = not_met_reason(data.value)
                view = await checkins.not_met_because(repos, actor, meeting_id, reason, now)
            else:
                times = times_of(services)
                view = await checkins.confirm_attendance(repos, actor, meeting_id, now, times)
    except CheckinError as problem:
        await _problem(update, problem)
        return
    if act is AttendanceAct.COUNT:  # the number between ➖ and ➕: say how to change it
        await answer_button(update, texts.COUNT_HINT)
        return
    await _after(update, context, view)


async def checkin_button(update: Update, context: Context) -> None:
    """The other steps: a face, Skip, chips, the nurse; changing a finished check-in."""
    data = pressed(update, CheckinButton)
    actor = await current_actor(update, context)
    services = context.services
    now = services.clock.now()
    act, meeting_id, value = data.act, data.meeting_id, data.value
    concern = None
    try:
        async with services.db.transaction() as repos:
            if act is CheckinAct.OPEN:
                view = await checkins.open_checkin(repos, actor, meeting_id, now)
            elif act is CheckinAct.MOOD:
                view = await checkins.set_mood(repos, actor, meeting_id, value, now)
            elif act is CheckinAct.SKIP:
                field = text_field(value)
                view = await checkins.save_text(repos, actor, meeting_id, field, text=None, now=now)
            elif act is CheckinAct.KEEP:
                field = text_field(value)
                view = await checkins.keep_text(repos, actor, meeting_id, field, now)
            elif act is CheckinAct.CHIP:
                chip = obstacle(value)
                view = await checkins.toggle_obstacle(repos, actor, meeting_id, chip, now)
            elif act is CheckinAct.CHIPS_DONE:
                view = await checkins.obstacles_done(repos, actor, meeting_id, now)
            elif act is CheckinAct.NURSE:
                wants = yes_no(value)
                answered = await checkins.answer_nurse(repos, actor, meeting_id, wants, now)
                view, concern = answered.view, answered.concern
            elif act is CheckinAct.EDIT:
                step = editable_step(value)
                view = await checkins.edit_step(repos, actor, meeting_id, step, now)
            else:
                on = yes_no(value)
                view = await checkins.set_missed_you(repos, actor, meeting_id, on, now)
    except CheckinError as problem:
        await _problem(update, problem)
        return
    await _after(update, context, view)
    if concern is not None:
        await reply(update, context, OutMessage(texts.NURSE_NEXT))
        await reply(update, context, danger_question(concern))


async def checkin_words(update: Update, context: Context) -> None:
    """What worked well / less well, typed: saved, and the next step shown."""
    actor = await current_actor(update, context)
    message = update.effective_message
    if actor is None or message is None:
        return
    if message.text is None:  # a sticker, photo or voice note: say so kindly, keep waiting
        await reply(update, context, OutMessage(texts.NOT_WORDS))
        return
    services = context.services
    now = services.clock.now()
    async with services.db.read() as repos:
        awaiting = await repos.awaiting.get(actor.person.id)
    payload = awaiting.payload if awaiting else {}
    if await _rest_of_refused(context, actor, payload, message):
        return
    meeting_id = _int(payload.get("meeting_id"))
    field = next((f for f in checkins.TextField if f.value == payload.get("field")), None)
    try:
        if field is None:
            raise CheckinError("stale")
        async with services.db.transaction() as repos:
            view = await checkins.save_text(
                repos,
                actor,
                meeting_id,
                field,
                text=message.text,
                now=now,
                urgent=emergency_in(message.text, context) is not None,
            )
    except CheckinError as problem:
        await _refused(update, context, actor, problem, checkins.TEXT_LIMIT)
        return
    await reply(update, context, step_message(view))


async def _refused(  # noqa: PLR0917 - all needed, read in order
    update: Update,
    context: Context,
    actor: Actor,
    problem: CheckinError,
    limit: int,
    problems: Mapping[str, str] = texts.PROBLEM,
) -> None:
    """Words that can't be kept: say why; keep waiting unless the question is gone."""
    text = problems[problem.reason].format(limit=f"{limit:,}")
    message = update.effective_message
    if problem.reason in ("empty", "too long"):
        if problem.reason == "too long" and message is not None:
            async with context.services.db.transaction() as repos:
                await checkins.remember_refused(
                    repos, actor.person.id, message.message_id, message.date
                )
        await reply(update, context, OutMessage(text))
        return
    await _stop_waiting(context, actor)
    await reply(update, context, menu_of(context).message(actor, text))


async def _rest_of_refused(
    context: Context, actor: Actor, payload: dict[str, object], message: Message
) -> bool:
    """The rest of a long paste whose first part was just refused: noted, not answered again."""
    if not checkins.rest_of_refused(payload, message.message_id, message.date):
        return False
    async with context.services.db.transaction() as repos:
        await checkins.remember_refused(repos, actor.person.id, message.message_id, message.date)
    return True


def _int(value: object) -> int:
    text = str(value)
    return int(text) if text.isdigit() else 0


async def _stop_waiting(context: Context, actor: Actor) -> None:
    async with context.services.db.transaction() as repos:
        await repos.awaiting.clear(actor.person.id)


# --- peers -------------------------------------------------------------------------------------


async def feedback_button(update: Update, context: Context) -> None:
    """A peer's "How was today?" tap, or "Suggest a topic for next time"."""
    data = pressed(update, FeedbackButton)
    actor = await current_actor(update, context)
    services = context.services
    now = services.clock.now()
    try:
        async with services.db.transaction() as repos:
            if data.act is FeedbackAct.RATE:
                choice = rating(data.value)
                view = await checkins.give_feedback(repos, actor, data.meeting_id, choice, now)
            elif data.act is FeedbackAct.TOPIC:
                view = await checkins.begin_topic(repos, actor, data.meeting_id, now)
            else:
                view = await checkins.end_topic(repos, actor, data.meeting_id, now)
    except CheckinError as problem:
        await _problem(update, problem)
        return
    if data.act is FeedbackAct.RATE:
        await answer_button(update, texts.feedback_thanks(rating(data.value)))
        await show(update, context, feedback_message(view))
    elif data.act is FeedbackAct.TOPIC:
        await answer_button(update)
        await reply(update, context, topic_prompt(view))
    else:
        await answer_button(update)
        await show(update, context, OutMessage(texts.TOPIC_CANCELLED))


async def topic_words(update: Update, context: Context) -> None:
    """A peer's topic for next time, typed: kept for the group's PSFs."""
    actor = await current_actor(update, context)
    message = update.effective_message
    if actor is None or message is None:
        return
    if message.text is None:
        await reply(update, context, OutMessage(texts.TOPIC_NOT_WORDS))
        return
    services = context.services
    async with services.db.read() as repos:
        awaiting = await repos.awaiting.get(actor.person.id)
    payload = awaiting.payload if awaiting else {}
    if await _rest_of_refused(context, actor, payload, message):
        return
    try:
        async with services.db.transaction() as repos:
            await checkins.suggest_topic(
                repos, actor, _int(payload.get("meeting_id")), message.text, services.clock.now()
            )
    except (SuggestionError, CheckinError) as problem:
        reason = problem if isinstance(problem, CheckinError) else CheckinError(str(problem))
        problems = {**texts.PROBLEM, **texts.TOPIC_PROBLEM}
        await _refused(update, context, actor, reason, TOPIC_LIMIT, problems)
        return
    await reply(update, context, menu_of(context).message(actor, texts.TOPIC_THANKS))


PSFS = frozenset({Role.PSF})

FEATURE = Feature(
    name="checkins",
    callbacks=(
        (AttendanceButton, attendance_button),
        (CheckinButton, checkin_button),
        (FeedbackButton, feedback_button),
    ),
    menu=(MenuEntry(texts.MENU_LABEL, PSFS, checkin_menu, texts.EXPLAINS),),
    inputs={checkins.TEXT_INPUT: checkin_words, checkins.TOPIC_INPUT: topic_words},
)
