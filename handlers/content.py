"""📚 Local help (everyone) and 💡 Session ideas (PSFs): browse by buttons, search by words."""

from __future__ import annotations

from telegram import Update

from bot.content import library, texts
from bot.content.buttons import NO_KEY, LibraryButton, View
from bot.content.library import QueryProblem, Screen, Viewer
from bot.messages import Button, OutMessage, buttons
from bot.models import Role
from bot.texts import common as common_texts
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
from handlers.menu import member_or_welcome, menu_of, words_action_of


def _message(screen: Screen) -> OutMessage:
    rows = [[_button(link)] for link in screen.links]
    if screen.nav:
        rows.append([_button(link) for link in screen.nav])
    return OutMessage(screen.text, buttons=buttons(*rows))


def _button(link: library.Link) -> Button:
    return Button(link.label, data=LibraryButton(link.view, link.key, link.page, link.fresh).pack())


async def _viewer(update: Update, context: Context) -> Viewer | None:
    """The person browsing, or None after telling a stranger how to join."""
    actor = await member_or_welcome(update, context)
    if actor is None:
        return None
    async with context.services.db.read() as repos:
        subdivision = context.services.settings.holidays_subdivision
        # NotAllowed if they have no place
        return await library.viewer_for(repos, actor, subdivision=subdivision)


async def _open(update: Update, context: Context, view: View, *, search: bool) -> None:
    viewer = await _viewer(update, context)
    if viewer is None:
        return
    services = context.services
    message = _message(library.screen(library.content_of(services), viewer, view, NO_KEY, 0))
    if search:
        async with services.db.transaction() as repos:
            await library.expect_search(repos, viewer.actor.person.id, services.clock.now())
    await reply(update, context, message)


async def resources_menu(update: Update, context: Context) -> None:
    """Show the kinds of local help as buttons; typed words from now on are a search."""
    await _open(update, context, View.RESOURCES, search=True)


async def session_ideas(update: Update, context: Context) -> None:
    """Show the session ideas: the six sessions, topics, icebreakers, ground rules, tips."""
    await _open(update, context, View.IDEAS, search=False)


async def resources_command(update: Update, context: Context) -> None:
    """/resources shows the kinds of help; /resources WORDS searches for them."""
    query = " ".join(context.args or [])
    if not query:
        await resources_menu(update, context)
        return
    await _search(update, context, query)


async def library_button(update: Update, context: Context) -> None:
    """Open what a library button points to, in the same message."""
    data = pressed(update, LibraryButton)
    viewer = await _viewer(update, context)
    if viewer is None:
        return
    services = context.services
    screen = library.screen(library.content_of(services), viewer, data.view, data.key, data.page)
    if data.view is View.RESOURCES:
        async with services.db.transaction() as repos:
            await library.expect_search(repos, viewer.actor.person.id, services.clock.now())
    await (reply if data.fresh else show)(update, context, _message(screen))
    # Answered last: a refusal above is answered by the error handler instead.
    await answer_button(update)


async def search_input(update: Update, context: Context) -> None:
    """Words typed after opening the resources menu (or a search): search for them."""
    message = update.effective_message
    actor = await current_actor(update, context)
    if message is None or actor is None:
        return
    services = context.services
    async with services.db.read() as repos:
        awaiting = await repos.awaiting.get(actor.person.id)
    if awaiting is None or not library.search_still_wanted(awaiting.payload, services.clock.now()):
        async with services.db.transaction() as repos:
            await repos.awaiting.clear(actor.person.id)
        if message.text:  # the search is over: these are fresh words, understood as such
            await words_action_of(context)(update, context, actor, message.text)
            return
        await reply(update, context, menu_of(context).message(actor, common_texts.UNEXPECTED_MEDIA))
        return
    if message.text is None:  # a sticker, photo or voice note: keep waiting for words
        await reply(update, context, OutMessage(texts.SEARCH_NEEDS_WORDS))
        return
    await _search(update, context, message.text)


async def search_for(update: Update, context: Context, query: str) -> None:
    """The resource search for words understood as "a place or kind of help"."""
    await _search(update, context, query)


async def ideas_for(update: Update, context: Context, query: str) -> None:
    """Session ideas by words ("feet", "someone keeps dominating"): topics, tips, icebreakers."""
    if library.query_problem(query) is QueryProblem.TOO_LONG:
        await reply(update, context, OutMessage(texts.SEARCH_TOO_LONG))
        return
    viewer = await _viewer(update, context)
    if viewer is None:
        return
    screen = library.search_ideas(library.content_of(context.services), viewer, query)
    await reply(update, context, _message(screen))


async def support_near_me(update: Update, context: Context) -> None:
    """The emotional-support resources of the person's area (for "I feel a bit low")."""
    viewer = await _viewer(update, context)
    if viewer is None:
        return
    store = library.content_of(context.services)
    view = View.CATEGORY if store.current.category(EMOTIONAL_SUPPORT) else View.RESOURCES
    key = EMOTIONAL_SUPPORT if view is View.CATEGORY else NO_KEY
    await reply(update, context, _message(library.screen(store, viewer, view, key, 0)))


async def topics_command(update: Update, context: Context) -> None:
    """/topics shows the session ideas; /topics WORDS finds ideas by words."""
    query = " ".join(context.args or [])
    if not query:
        await session_ideas(update, context)
        return
    await ideas_for(update, context, query)


async def _search(update: Update, context: Context, query: str) -> None:
    """Answer a search; more typed words are a new search for a while (said in the answer)."""
    if library.query_problem(query) is QueryProblem.TOO_LONG:
        await reply(update, context, OutMessage(texts.SEARCH_TOO_LONG))
        return
    viewer = await _viewer(update, context)
    if viewer is None:
        return
    services = context.services
    screen = library.search(library.content_of(services), viewer, query)
    async with services.db.transaction() as repos:
        await library.expect_search(repos, viewer.actor.person.id, services.clock.now())
    await reply(update, context, _message(screen))


EMOTIONAL_SUPPORT = "emotional-support"  # the category key in content/categories.yaml
PEERS = frozenset({Role.PEER})
PSFS = frozenset({Role.PSF})
STAFF = frozenset({Role.PSF, Role.NURSE, Role.COORDINATOR})

FEATURE = Feature(
    name="content",
    commands=(
        Command("resources", resources_command, texts.COMMAND_DESCRIPTION),
        Command("topics", topics_command, texts.TOPICS_COMMAND_DESCRIPTION),
    ),
    callbacks=((LibraryButton, library_button),),
    menu=(
        MenuEntry(texts.PEER_MENU_LABEL, PEERS, resources_menu, texts.PEER_EXPLAINS),
        MenuEntry(texts.IDEAS_LABEL, PSFS, session_ideas, texts.IDEAS_EXPLAINS),
        MenuEntry(texts.RESOURCES_LABEL, STAFF, resources_menu, texts.RESOURCES_EXPLAINS),
    ),
    inputs={library.SEARCH_INPUT: search_input},
)
