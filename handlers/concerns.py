"""🩺 Contact the nurse (PSFs) and 🩺 Concerns (nurses): raising, acknowledging, the reply
thread, resolving, and a nurse marking herself away."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from telegram import Message, Update

from bot.auth import Action, Actor, NotAllowed
from bot.concerns import rules as concerns
from bot.concerns import texts
from bot.concerns.buttons import (
    AwayStep,
    ConcernAnswer,
    ConcernAway,
    ConcernCategory,
    ConcernDanger,
    ConcernDraft,
    ConcernList,
    ConcernNew,
    ConcernNurse,
    DraftStep,
    NurseStep,
)
from bot.concerns.messages import (
    category_question,
    choose_group,
    concern_card,
    concern_list,
    confirm_screen,
    danger_question,
    describe_prompt,
    next_draft_step,
    what_happens_next,
)
from bot.concerns.records import Concern, ConcernState, FileKind
from bot.concerns.rules import ConcernInputError, Said
from bot.meetings.schedule import parse_typed_date
from bot.messages import OutMessage
from bot.models import Role
from bot.texts import common as common_texts
from bot.texts.dates import day_date, when_opens
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

MAX_AWAY_DAYS = 366


def _awaited_id(payload: dict[str, object]) -> int:
    raw = str(payload.get("concern_id", 0))
    return int(raw) if raw.isdigit() else 0


async def _awaited_concern(context: Context, actor: Actor) -> int:
    async with context.services.db.read() as repos:
        awaiting = await repos.awaiting.get(actor.person.id)
    return _awaited_id(awaiting.payload) if awaiting else 0


def _said(message: Message, limit: int) -> Said:
    """What someone sent where words, a voice note or a photo were expected."""
    if message.sticker is not None:
        raise ConcernInputError("sticker")
    if message.voice is not None:
        return concerns.clean_said(
            message.caption, limit, file_kind=FileKind.VOICE, file_id=message.voice.file_id
        )
    if message.photo:
        return concerns.clean_said(
            message.caption, limit, file_kind=FileKind.PHOTO, file_id=message.photo[-1].file_id
        )
    if message.text is None:
        raise ConcernInputError("file")
    return concerns.clean_said(message.text, limit)


async def _input_problem(
    update: Update, context: Context, problem: ConcernInputError, limit: int
) -> None:
    text = texts.INPUT_PROBLEM[str(problem)].format(limit=f"{limit:,}")
    await reply(update, context, OutMessage(text))


@dataclass(frozen=True)
class _Input:
    actor: Actor
    said: Said
    concern_id: int


async def _read_input(update: Update, context: Context, limit: int) -> _Input | None:
    """Who sent what, about which concern; None once a kind reply has been given instead
    (a stranger, a sticker or file, words over the limit)."""
    actor = await member_or_welcome(update, context)
    message = update.effective_message
    if actor is None or message is None:
        return None
    try:
        said = _said(message, limit)
    except ConcernInputError as problem:
        await _input_problem(update, context, problem, limit)
        return None
    return _Input(actor, said, await _awaited_concern(context, actor))


def _not_a_draft(concern: Concern) -> OutMessage:
    if concern.state is ConcernState.WITHDRAWN:
        return OutMessage(texts.WITHDRAWN)
    if concern.state is ConcernState.ABANDONED:
        return OutMessage(texts.PUT_ASIDE)
    return OutMessage(texts.ALREADY_SENT)


async def _show_or_reply(update: Update, context: Context, message: OutMessage) -> None:
    """Edit the message the button was on; if it can't be edited (a photo), send a new one."""
    result = await show(update, context, message)
    if not result.ok and update.callback_query is not None:
        await reply(update, context, message)


# --- raising a concern -------------------------------------------------------------------------


async def contact_nurse(update: Update, context: Context) -> None:
    """Start a concern (PSFs); point peers to their facilitators and GP; show nurses theirs."""
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    group_ids = actor.group_ids(Role.PSF)
    if not group_ids:
        if actor.nurse_areas:
            await concerns_command(update, context)
            return
        if not actor.groups:  # a coordinator
            await reply(update, context, OutMessage(texts.NOT_A_NURSE_OR_PSF))
            return
        async with services.db.read() as repos:
            names = await concerns.facilitator_names(repos, actor)
        settings = services.settings
        text = texts.peer_pointer(names, settings.emergency_number, settings.urgent_advice_number)
        await reply(update, context, OutMessage(text))
        return
    async with services.db.transaction() as repos:
        if len(group_ids) > 1:
            groups = [g for g in [await repos.programme.group(i) for i in group_ids] if g]
            message = choose_group(groups)
        else:
            group = await repos.programme.group(group_ids[0])
            concern = await concerns.start_draft(repos, actor, group, services.clock.now())
            message = danger_question(concern)
    await reply(update, context, message)


async def new_pressed(update: Update, context: Context) -> None:
    """The PSF chose which group the concern is about: ask the safety question."""
    data = pressed(update, ConcernNew)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    async with services.db.transaction() as repos:
        group = await repos.programme.group(data.group_id)
        concern = await concerns.start_draft(repos, actor, group, services.clock.now())
    await answer_button(update)
    await show(update, context, danger_question(concern))


async def danger_pressed(update: Update, context: Context) -> None:
    """Yes: the emergency numbers at once, then the concern goes on marked urgent. No: go on."""
    data = pressed(update, ConcernDanger)
    services = context.services
    settings = services.settings
    if data.urgent:
        # Safety first: the numbers go out before anything else, even before any checks.
        numbers = common_texts.emergency(settings.emergency_number, settings.urgent_advice_number)
        await reply(update, context, OutMessage(numbers))
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    async with services.db.transaction() as repos:
        concern = await concerns.answer_danger(
            repos, actor, data.concern_id, data.urgent, services.clock.now()
        )
        concern, group = await concerns.own_concern(repos, actor, concern.id)
    await answer_button(update)
    if concern.state is not ConcernState.DRAFT:
        await show(update, context, _not_a_draft(concern))
        return
    if data.urgent:
        message = next_draft_step(concern, group)
        if concern.category is None:
            message = category_question(concern, texts.URGENT_NOTED)
        await reply(update, context, message)
        return
    await show(update, context, next_draft_step(concern, group))


async def category_pressed(update: Update, context: Context) -> None:
    """The PSF picked what it is about: ask for the words (or confirm, if already given)."""
    data = pressed(update, ConcernCategory)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    async with services.db.transaction() as repos:
        concern = await concerns.choose_category(
            repos, actor, data.concern_id, data.category, services.clock.now()
        )
        concern, group = await concerns.own_concern(repos, actor, concern.id)
    await answer_button(update)
    if concern.state is not ConcernState.DRAFT:
        await show(update, context, _not_a_draft(concern))
        return
    await show(update, context, next_draft_step(concern, group))


async def draft_pressed(update: Update, context: Context) -> None:
    """Send it, change the words, or don't send anything."""
    data = pressed(update, ConcernDraft)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    now = services.clock.now()
    if data.step is DraftStep.SEND:
        async with services.db.transaction() as repos:
            submitted = await concerns.submit(repos, services.settings, actor, data.concern_id, now)
        await answer_button(update)
        if submitted.route is None and submitted.concern.state in (
            ConcernState.WITHDRAWN,
            ConcernState.ABANDONED,
        ):
            await show(update, context, _not_a_draft(submitted.concern))
            return
        settings = services.settings
        text = what_happens_next(
            submitted, settings.urgent_advice_number, now, settings.emergency_number
        )
        await show(update, context, OutMessage(text))
        return
    if data.step is DraftStep.CHANGE:
        async with services.db.transaction() as repos:
            concern = await concerns.ask_description(repos, actor, data.concern_id, now)
        await answer_button(update)
        if concern.state is not ConcernState.DRAFT:
            await show(update, context, _not_a_draft(concern))
            return
        await show(update, context, describe_prompt(concern))
        return
    async with services.db.transaction() as repos:
        concern = await concerns.withdraw(repos, actor, data.concern_id, now)
    await answer_button(update)
    if concern.state is ConcernState.WITHDRAWN:
        await show(update, context, OutMessage(texts.WITHDRAWN))
    else:
        await show(update, context, _not_a_draft(concern))


async def description_given(update: Update, context: Context) -> None:
    """The PSF described what is happening (words, a voice message or a photo)."""
    given = await _read_input(update, context, concerns.DESCRIPTION_LIMIT)
    if given is None:
        return
    services = context.services
    now = services.clock.now()
    async with services.db.transaction() as repos:
        concern = await concerns.describe(
            repos,
            services.settings,
            given.actor,
            concern_id=given.concern_id,
            said=given.said,
            now=now,
        )
        concern, group = await concerns.own_concern(repos, given.actor, concern.id)
    if concern.state is not ConcernState.DRAFT:
        await reply(update, context, _not_a_draft(concern))
        return
    await reply(update, context, confirm_screen(concern, group))


# --- the PSF answering the nurse ---------------------------------------------------------------


async def answer_pressed(update: Update, context: Context) -> None:
    """The PSF wants to answer the nurse: wait for their words."""
    data = pressed(update, ConcernAnswer)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    async with services.db.transaction() as repos:
        concern = await concerns.begin_answer(repos, actor, data.concern_id, services.clock.now())
        nurse = await concerns.nurse_first_name(repos, concern)
    await answer_button(update)
    if not concern.state.is_open:
        await reply(update, context, OutMessage(texts.CLOSED_FOR_PSF))
        return
    await reply(update, context, OutMessage(texts.ask_answer(nurse)))


async def answer_given(update: Update, context: Context) -> None:
    """The PSF's answer goes to the nurse (now, or when the office opens)."""
    given = await _read_input(update, context, concerns.MESSAGE_LIMIT)
    if given is None:
        return
    services = context.services
    now = services.clock.now()
    async with services.db.transaction() as repos:
        answered = await concerns.psf_answer(
            repos,
            services.settings,
            given.actor,
            concern_id=given.concern_id,
            said=given.said,
            now=now,
        )
    if answered.nurse_first_name is None:
        await reply(update, context, OutMessage(texts.CLOSED_FOR_PSF))
        return
    if answered.open_now:
        text = texts.answer_sent(answered.nurse_first_name or "the nurse")
    else:
        when = when_opens(answered.due_at, answered.tz, now)
        urgent = services.settings.urgent_advice_number
        text = texts.answer_queued(answered.nurse_first_name or "The nurse", when, urgent)
    await reply(update, context, OutMessage(text))


# --- the nurse ---------------------------------------------------------------------------------


async def concerns_command(update: Update, context: Context) -> None:
    """A nurse's open and recent concerns (a PSF's own), oldest first."""
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    await reply(update, context, await _list_screen(context, actor))


async def _list_screen(context: Context, actor: Actor) -> OutMessage:
    services = context.services
    now = services.clock.now()
    tz = services.settings.tz
    async with services.db.read() as repos:
        if actor.nurse_areas:
            items = await concerns.nurse_view(repos, actor, now)
            away = await concerns.away_of(repos, actor, now)
            shown = (texts.away_status(*away), "") if away else None
            return concern_list(items, tz, for_nurse=True, away=shown)
        if actor.group_ids(Role.PSF):
            items = await concerns.psf_view(repos, actor, now)
            return concern_list(items, tz, for_nurse=False)
    return OutMessage(texts.NOT_A_NURSE_OR_PSF)


async def list_pressed(update: Update, context: Context) -> None:
    """Back to the list of concerns."""
    pressed(update, ConcernList)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    await answer_button(update)
    await show(update, context, await _list_screen(context, actor))


async def nurse_pressed(update: Update, context: Context) -> None:
    """Open, acknowledge, reply to or resolve a concern."""
    data = pressed(update, ConcernNurse)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    services = context.services
    now = services.clock.now()
    if data.step in (NurseStep.VIEW, NurseStep.ACK):
        async with services.db.transaction() as repos:
            if data.step is NurseStep.ACK:
                await concerns.acknowledge(repos, actor, data.concern_id, now)
            concern, _, area = await concerns.for_nurse(repos, actor, data.concern_id)
            screen = await concern_card(
                repos,
                concern,
                area.tz,
                status=True,
                thread=data.step is NurseStep.VIEW,
                with_file=False,
            )
        await answer_button(update)
        await _show_or_reply(update, context, screen)
        return
    kind = concerns.REPLY if data.step is NurseStep.REPLY else concerns.OUTCOME
    async with services.db.transaction() as repos:
        concern = await concerns.begin_nurse_step(repos, actor, data.concern_id, kind, now)
        psf = await concerns.psf_first_name(repos, concern)
    await answer_button(update)
    if not concern.state.is_open:
        await reply(update, context, OutMessage(texts.ALREADY_CLOSED))
        return
    prompt = texts.ask_reply(psf) if kind == concerns.REPLY else texts.ask_outcome(psf)
    await reply(update, context, OutMessage(prompt))


async def reply_given(update: Update, context: Context) -> None:
    """The nurse's message goes to the PSF through the bot."""
    given = await _read_input(update, context, concerns.MESSAGE_LIMIT)
    if given is None:
        return
    services = context.services
    async with services.db.transaction() as repos:
        concern = await concerns.nurse_reply(
            repos, given.actor, given.concern_id, given.said, services.clock.now()
        )
        psf = await concerns.psf_first_name(repos, concern)
    if not concern.state.is_open:
        await reply(update, context, OutMessage(texts.ALREADY_CLOSED))
        return
    await reply(update, context, OutMessage(texts.reply_sent(psf)))


async def outcome_given(update: Update, context: Context) -> None:
    """The nurse's one-line outcome closes the concern; the PSF is told."""
    actor = await member_or_welcome(update, context)
    message = update.effective_message
    if actor is None or message is None:
        return
    if message.text is None:
        await reply(update, context, OutMessage(texts.NEED_OUTCOME_TEXT))
        return
    try:
        said = concerns.clean_said(message.text, concerns.OUTCOME_LIMIT)
    except ConcernInputError as problem:
        await _input_problem(update, context, problem, concerns.OUTCOME_LIMIT)
        return
    services = context.services
    concern_id = await _awaited_concern(context, actor)
    async with services.db.transaction() as repos:
        concern, closed_now = await concerns.resolve(
            repos, actor, concern_id, said.text, services.clock.now()
        )
        psf = await concerns.psf_first_name(repos, concern)
    if not closed_now:
        await reply(update, context, OutMessage(texts.ALREADY_CLOSED))
        return
    await reply(update, context, OutMessage(texts.resolved_done(psf)))


# --- away --------------------------------------------------------------------------------------


async def away_pressed(update: Update, context: Context) -> None:
    """A nurse marks herself away (asks the dates) or back."""
    data = pressed(update, ConcernAway)
    actor = await member_or_welcome(update, context)
    if actor is None:
        return
    if not actor.nurse_areas:
        raise NotAllowed(Action.HANDLE_CONCERN, actor.person.id)
    services = context.services
    now = services.clock.now()
    await answer_button(update)
    if data.step is AwayStep.SET:
        async with services.db.transaction() as repos:
            await repos.awaiting.expect(actor.person.id, concerns.AWAY_FROM, {}, now)
        await reply(update, context, OutMessage(texts.ASK_AWAY_FROM))
        return
    async with services.db.transaction() as repos:
        await concerns.set_away(
            repos, services.settings, actor.person.id, away_from=None, away_until=None, now=now
        )
    await reply(update, context, OutMessage(texts.BACK_DONE))


async def away_date_given(update: Update, context: Context) -> None:
    """The first or last day away, typed by the nurse."""
    actor = await member_or_welcome(update, context)
    message = update.effective_message
    if actor is None or message is None:
        return
    if not actor.nurse_areas:
        raise NotAllowed(Action.HANDLE_CONCERN, actor.person.id)
    services = context.services
    now = services.clock.now()
    today = now.astimezone(services.settings.tz).date()
    day = parse_typed_date(message.text or "", today=today)
    if day is None:
        await reply(update, context, OutMessage(texts.BAD_DATE))
        return
    if day < today:
        await reply(update, context, OutMessage(texts.PAST_DATE))
        return
    async with services.db.read() as repos:
        awaiting = await repos.awaiting.get(actor.person.id)
    first_text = str(awaiting.payload.get("first", "")) if awaiting else ""
    if awaiting is None or awaiting.kind == concerns.AWAY_FROM or not first_text:
        async with services.db.transaction() as repos:
            payload = {"first": day.isoformat()}
            await repos.awaiting.expect(actor.person.id, concerns.AWAY_UNTIL, payload, now)
        await reply(update, context, OutMessage(texts.ASK_AWAY_UNTIL))
        return
    first = date.fromisoformat(first_text)
    if day < first:
        words = day_date(first)
        await reply(update, context, OutMessage(texts.UNTIL_BEFORE_FROM.format(first=words)))
        return
    if day > first + timedelta(days=MAX_AWAY_DAYS):
        await reply(update, context, OutMessage(texts.TOO_FAR))
        return
    async with services.db.transaction() as repos:
        await repos.awaiting.clear(actor.person.id)
        moved = await concerns.set_away(
            repos, services.settings, actor.person.id, away_from=first, away_until=day, now=now
        )
    await reply(update, context, OutMessage(texts.away_set(first, day, moved)))


PSF_ONLY = frozenset({Role.PSF})
NURSE_ONLY = frozenset({Role.NURSE})

FEATURE = Feature(
    name="concerns",
    commands=(
        Command("concerns", concerns_command, "Concerns raised with the nurse"),
        Command("nurse", contact_nurse, "Contact the study nurse"),
    ),
    callbacks=(
        (ConcernNew, new_pressed),
        (ConcernDanger, danger_pressed),
        (ConcernCategory, category_pressed),
        (ConcernDraft, draft_pressed),
        (ConcernAnswer, answer_pressed),
        (ConcernNurse, nurse_pressed),
        (ConcernList, list_pressed),
        (ConcernAway, away_pressed),
    ),
    menu=(
        MenuEntry(texts.MENU_LABEL, PSF_ONLY, contact_nurse, texts.EXPLAINS),
        MenuEntry(texts.NURSE_MENU_LABEL, NURSE_ONLY, concerns_command, texts.NURSE_EXPLAINS),
    ),
    inputs={
        concerns.DESCRIBE: description_given,
        concerns.REPLY: reply_given,
        concerns.ANSWER: answer_given,
        concerns.OUTCOME: outcome_given,
        concerns.AWAY_FROM: away_date_given,
        concerns.AWAY_UNTIL: away_date_given,
    },
)
