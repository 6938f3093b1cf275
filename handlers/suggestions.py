"""💬 Suggest a topic (peers and PSFs), and the buttons on the PSFs' pre-meeting suggestion."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import Update

from bot.auth import Action, Actor, authorize, is_allowed
from bot.callbacks import BadCallback
from bot.content import library
from bot.content.buttons import LibraryButton, View
from bot.meetings.deliveries import base_rules
from bot.messages import Button, OutMessage, buttons
from bot.models import Group, Meeting, Role
from bot.sessions import plans as session_plans
from bot.sessions import texts
from bot.sessions.buttons import NO_KEY, CardButton, CardStep, IdeaButton, IdeaStep, Shown
from bot.sessions.ideas import MAX_LENGTH, SuggestionError, add_suggestion, clean_suggestion
from bot.sessions.messages import card_message, idea_button, kinds_message, list_message
from bot.sessions.plans import Choice, PlanProblem, choice_of
from bot.sessions.records import TopicKind
from bot.storage.times import from_db, to_db
from bot.understanding.safety import mentions_emergency
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

INPUT_IDEA = "suggestions.idea"
# Telegram's apps send a text over 4,096 characters as several messages, moments apart.
SPLIT_TEXT_WINDOW = timedelta(seconds=10)


# --- the suggestion card (PSFs) ------------------------------------------------------------


async def _meeting_for(
    context: Context, actor: Actor | None, meeting_id: int
) -> tuple[Actor, Meeting, Group]:
    """The meeting named in (untrusted) button data, if the actor may choose its topic."""
    async with context.services.db.read() as repos:
        meeting = await repos.meetings.get(meeting_id)
        group = await repos.programme.group(meeting.group_id) if meeting else None
    actor = authorize(actor, Action.CHOOSE_TOPIC, group=group)
    if meeting is None or group is None:
        raise RuntimeError("missing: meeting, group")
    return actor, meeting, group


def _pick(context: Context, data: CardButton) -> Choice | None:
    """The theme or topic the button names (None: the plan's own); stale if it is unknown."""
    if data.kind is Shown.NONE:
        if data.key != NO_KEY:
            raise BadCallback("a key without a kind")
        return None
    choice = choice_of(library.content_of(context.services).current, data.kind.value, data.key)
    if choice is None:
        raise BadCallback("no such theme or topic")  # forged, or gone after a content edit
    return choice


async def plan_button(update: Update, context: Context) -> None:
    """A button on the suggestion card: use a topic, choose another, another icebreaker, guide."""
    data = pressed(update, CardButton)
    actor, meeting, _ = await _meeting_for(
        context, await current_actor(update, context), data.meeting_id
    )
    pick = None if data.step is CardStep.LIST else _pick(context, data)
    if data.step is CardStep.GUIDE:
        await _guide(update, context, actor, pick)
        return
    services = context.services
    now = services.clock.now()
    store = library.content_of(services)
    try:
        session_plans.check_open(meeting, now)
        if data.step is CardStep.USE:
            if pick is None:
                raise BadCallback("nothing to use")
            await _use(update, context, actor, meeting, pick)
            return
        if data.step is CardStep.ICE:
            async with services.db.transaction() as repos:
                await session_plans.another_icebreaker(
                    repos, store.current, meeting=meeting, actor=actor.person, now=now
                )
                view = await session_plans.plan_view(repos, store, meeting, now, pick=pick)
            await answer_button(update, texts.NEW_ICEBREAKER)
            await show(update, context, card_message(view, now))
            return
    except PlanProblem as problem:
        await answer_button(update, texts.PROBLEM[problem.reason], alert=True)
        return
    if data.step is CardStep.SHOW:
        async with services.db.read() as repos:
            view = await session_plans.plan_view(repos, store, meeting, now, pick=pick)
        message = card_message(view, now)
    elif data.step is CardStep.KINDS:
        message = kinds_message(meeting.id, pick)
    else:  # LIST
        if data.kind is Shown.NONE or data.key != NO_KEY:
            raise BadCallback("a list needs a kind and no key")
        async with services.db.read() as repos:
            view = await session_plans.plan_view(repos, store, meeting, now)
        message = list_message(store.current, meeting.id, data.kind, data.page, view.covered)
    await answer_button(update)
    await show(update, context, message)


async def _use(
    update: Update, context: Context, actor: Actor, meeting: Meeting, pick: Choice
) -> None:
    services = context.services
    now = services.clock.now()
    store = library.content_of(services)
    async with services.db.transaction() as repos:
        chosen = await session_plans.choose_topic(
            repos,
            store.current,
            meeting=meeting,
            kind=pick.kind,
            key=pick.key,
            actor=actor.person,
            now=now,
            rules=base_rules(services),
        )
        updated = await repos.meetings.get(meeting.id)
        if updated is None:
            raise RuntimeError("missing: updated")
        view = await session_plans.plan_view(repos, store, updated, now)
    toast = texts.chose_toast(chosen.choice.title) if chosen.changed else texts.ALREADY_CHOSEN
    await answer_button(update, toast)
    await show(update, context, card_message(view, now))


async def _guide(update: Update, context: Context, actor: Actor, pick: Choice | None) -> None:
    """The full session guide or topic from the library, in a new message under the card."""
    if pick is None:
        raise BadCallback("a guide needs a theme or topic")
    async with context.services.db.read() as repos:
        subdivision = context.services.settings.holidays_subdivision
        viewer = await library.viewer_for(repos, actor, subdivision=subdivision)
    view = View.SESSION if pick.kind is TopicKind.SESSION else View.TOPIC
    screen = library.screen(library.content_of(context.services), viewer, view, pick.key, 0)
    rows = [[_library_button(link)] for link in screen.links]
    if screen.nav:
        rows.append([_library_button(link) for link in screen.nav])
    await answer_button(update)
    await reply(update, context, OutMessage(screen.text, buttons=buttons(*rows)))


def _library_button(link: library.Link) -> Button:
    return Button(link.label, data=LibraryButton(link.view, link.key, link.page, link.fresh).pack())


# --- suggesting a topic (peers and PSFs) ---------------------------------------------------


async def _idea_groups(context: Context, actor: Actor) -> list[Group]:
    async with context.services.db.read() as repos:
        groups = [await repos.programme.group(gid) for gid in actor.group_ids()]
    return [g for g in groups if g is not None and is_allowed(actor, Action.SUGGEST_TOPIC, group=g)]


async def suggest_topic(update: Update, context: Context) -> None:
    """Ask what the member would like to talk about (first which group, if they have two)."""
    actor = await current_actor(update, context)
    groups = await _idea_groups(context, actor) if actor else []
    if actor is None or not groups:
        authorize(actor, Action.SUGGEST_TOPIC)  # a stranger, or nobody's member: refused
        return
    if len(groups) > 1:
        rows = [[idea_button(g.name, IdeaStep.GROUP, g.id)] for g in groups]
        await reply(update, context, OutMessage(texts.WHICH_GROUP, buttons=buttons(*rows)))
        return
    await _ask(update, context, actor, groups[0], named=False)


async def offer_to_keep(update: Update, context: Context, words: str) -> None:
    """A topic idea typed outside any step ("can we talk about holidays next time"): asked
    whether to keep it, then kept as a suggestion like any other (or the usual steps)."""
    actor = await current_actor(update, context)
    groups = await _idea_groups(context, actor) if actor else []
    try:
        idea = clean_suggestion(words)
    except SuggestionError:
        idea = ""
    if actor is None or len(groups) != 1 or not idea:
        await suggest_topic(update, context)
        return
    group = groups[0]
    services = context.services
    async with services.db.transaction() as repos:
        await repos.awaiting.expect(
            actor.person.id, INPUT_IDEA, {"group": group.id, "held": idea}, services.clock.now()
        )
    rows = buttons(
        [idea_button(texts.YES_KEEP, IdeaStep.KEEP, group.id)],
        [idea_button(texts.NO_THANKS, IdeaStep.STOP, group.id)],
    )
    await reply(update, context, OutMessage(texts.check_before_keeping(idea), buttons=rows))


async def _ask(
    update: Update, context: Context, actor: Actor, group: Group, *, named: bool
) -> None:
    services = context.services
    async with services.db.transaction() as repos:
        await repos.awaiting.expect(
            actor.person.id, INPUT_IDEA, {"group": group.id}, services.clock.now()
        )
    message = OutMessage(
        texts.ask(group.name if named else None),
        buttons=buttons([idea_button(texts.NEVER_MIND, IdeaStep.STOP, group.id)]),
    )
    await (show if update.callback_query else reply)(update, context, message)


async def idea_button_pressed(update: Update, context: Context) -> None:
    """Which group the idea is for; keep words that sounded like an emergency; never mind."""
    data = pressed(update, IdeaButton)
    actor = await current_actor(update, context)
    async with context.services.db.read() as repos:
        group = await repos.programme.group(data.group_id)
    actor = authorize(actor, Action.SUGGEST_TOPIC, group=group)
    if group is None:
        raise RuntimeError("missing: group")
    if data.step is IdeaStep.GROUP:
        await answer_button(update)
        await _ask(update, context, actor, group, named=True)
        return
    services = context.services
    kept: str | None = None
    async with services.db.transaction() as repos:
        awaiting = await repos.awaiting.get(actor.person.id)
        ours = (
            awaiting is not None
            and awaiting.kind == INPUT_IDEA
            and awaiting.payload.get("group") == group.id
        )
        held = awaiting.payload.get("held") if awaiting is not None and ours else None
        if data.step is IdeaStep.KEEP and isinstance(held, str):
            await add_suggestion(
                repos,
                group_id=group.id,
                person_id=actor.person.id,
                text=held,
                now=services.clock.now(),
            )
            kept = held
        if ours and (data.step is IdeaStep.STOP or kept is not None):
            await repos.awaiting.clear(actor.person.id)
    await answer_button(update)
    if data.step is IdeaStep.STOP:
        await show(update, context, OutMessage(texts.NOTHING_KEPT))
    elif kept is not None:
        await show(update, context, OutMessage(texts.thanks(kept)))
    else:  # an old question: the words it asked about were kept, dropped or replaced
        await show(update, context, OutMessage(texts.GONE))
        return
    await reply(update, context, menu_of(context).message(actor))


async def idea_typed(update: Update, context: Context) -> None:
    """The member typed their idea: kept for the group's PSFs, or asked again kindly."""
    message = update.effective_message
    actor = await current_actor(update, context)
    if message is None or actor is None:
        return
    services = context.services
    async with services.db.read() as repos:
        awaiting = await repos.awaiting.get(actor.person.id)
        raw = awaiting.payload.get("group") if awaiting else None
        group = await repos.programme.group(raw) if isinstance(raw, int) else None
    if group is None or not is_allowed(actor, Action.SUGGEST_TOPIC, group=group):
        async with services.db.transaction() as repos:
            await repos.awaiting.clear(actor.person.id)
        authorize(actor, Action.SUGGEST_TOPIC, group=group)  # refused: they left the group
        return
    now = services.clock.now()
    if _rest_of_a_long_text(awaiting.payload if awaiting else {}, now):
        return  # Telegram split one long text in parts; its first part was answered
    if message.text is None:  # a sticker, photo or voice note: keep waiting for words
        await reply(update, context, OutMessage(texts.NEEDS_WORDS))
        return
    try:
        idea = clean_suggestion(message.text)
    except SuggestionError as problem:
        if str(problem) == "too long":
            async with services.db.transaction() as repos:
                payload = {"group": group.id, "long_at": to_db(now)}
                await repos.awaiting.expect(actor.person.id, INPUT_IDEA, payload, now)
        said = texts.too_long(MAX_LENGTH) if str(problem) == "too long" else texts.EMPTY
        await reply(update, context, OutMessage(said))
        return
    if mentions_emergency(idea, services.settings.emergency_phrases):
        # The emergency answer has been given; the words may still be a topic ("stroke").
        async with services.db.transaction() as repos:
            await repos.awaiting.expect(
                actor.person.id, INPUT_IDEA, {"group": group.id, "held": idea}, now
            )
        rows = buttons(
            [idea_button(texts.YES_KEEP, IdeaStep.KEEP, group.id)],
            [idea_button(texts.NO_THANKS, IdeaStep.STOP, group.id)],
        )
        await reply(update, context, OutMessage(texts.check_before_keeping(idea), buttons=rows))
        return
    async with services.db.transaction() as repos:
        await add_suggestion(
            repos, group_id=group.id, person_id=actor.person.id, text=idea, now=now
        )
        await repos.awaiting.clear(actor.person.id)
    await reply(update, context, menu_of(context).message(actor, texts.thanks(idea)))


def _rest_of_a_long_text(payload: dict[str, object], now: datetime) -> bool:
    """Whether a message follows a too-long one so closely that it is the rest of it."""
    long_at = payload.get("long_at")
    if not isinstance(long_at, str):
        return False
    try:
        return now - from_db(long_at) <= SPLIT_TEXT_WINDOW
    except ValueError:
        return False


# On the peers' menu only: PSFs choose topics from their suggestion card, and a shorter menu
# is easier to use. A PSF can still suggest with /suggest.
PEERS = frozenset({Role.PEER})

FEATURE = Feature(
    name="suggestions",
    commands=(Command("suggest", suggest_topic, texts.COMMAND_DESCRIPTION),),
    callbacks=((CardButton, plan_button), (IdeaButton, idea_button_pressed)),
    menu=(MenuEntry(texts.MENU_LABEL, PEERS, suggest_topic, texts.MENU_EXPLAINS),),
    inputs={INPUT_IDEA: idea_typed},
)
