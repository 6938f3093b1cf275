"""Browsing and searching the content library: who may see what, and the screens they get.

A screen is text plus links (view, key, page); handlers turn links into buttons. Keys come back
from the user's device, so every lookup here treats them as untrusted: an unknown key, a key of
the wrong kind or a resource from another area is a stale button (BadCallback), and a peer asking
for facilitation material is refused (NotAllowed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from rapidfuzz import fuzz

from bot.auth import Action, Actor, authorize, is_allowed
from bot.callbacks import BadCallback
from bot.content import (
    NATIONAL,
    PEER_SECTIONS,
    Content,
    ContentSection,
    ContentStore,
    Nation,
    Resource,
    nation_of,
    texts,
)
from bot.content.buttons import NO_KEY, View
from bot.services import Services
from bot.storage import Repos
from bot.storage.times import from_db, to_db
from bot.understanding.normalise import normalise

PAGE_CHARS = 1000  # about one phone screen of text; Telegram's own limit is 4096
TAIL_SHARE = 0.3  # a last page shorter than this share of a page joins the one before…
STRETCH = 1.4  # …if that page stays under this many pages' worth
ITEMS_PER_PAGE = 8  # buttons in a list before "More"
SEARCH_HITS = 5
MAX_SEARCH_CHARS = 200
SEARCH_INPUT = "library.search"
SEARCH_WAIT = timedelta(hours=1)  # typing long after opening the menu is probably not a search


SECTION: dict[View, ContentSection] = {
    View.RESOURCES: ContentSection.RESOURCES,
    View.CATEGORY: ContentSection.RESOURCES,
    View.RESOURCE: ContentSection.RESOURCES,
    View.PEER_SUPPORT: ContentSection.PEER_SUPPORT,
    View.IDEAS: ContentSection.CURRICULUM,
    View.SESSIONS: ContentSection.CURRICULUM,
    View.SESSION: ContentSection.CURRICULUM,
    View.TOPICS: ContentSection.TOPICS,
    View.TOPIC: ContentSection.TOPICS,
    View.ICEBREAKERS: ContentSection.ICEBREAKERS,
    View.ICEBREAKER: ContentSection.ICEBREAKERS,
    View.GROUND_RULES: ContentSection.GROUND_RULES,
    View.TIPS: ContentSection.TIPS,
    View.TIP: ContentSection.TIPS,
    View.ENDING_WELL: ContentSection.ENDING_WELL,
}
KEYED_VIEWS = frozenset(
    {View.CATEGORY, View.RESOURCE, View.SESSION, View.TOPIC, View.ICEBREAKER, View.TIP}
)


@dataclass(frozen=True)
class Viewer:
    """Someone browsing: the areas whose resources they see, and whether they run sessions."""

    actor: Actor
    area_slugs: frozenset[str] | None  # None: every area (coordinators)
    facilitator: bool  # may see facilitation material (PSFs, nurses, coordinators)
    nations: frozenset[Nation] | None = None  # the nations of their areas; None: all

    def areas(self, content: Content) -> tuple[str, ...]:
        """The area slugs whose local resources this person sees (national comes on top)."""
        if self.area_slugs is None:
            return tuple(area.slug for area in content.areas if area.slug != NATIONAL)
        return tuple(sorted(self.area_slugs))

    def is_local(self, resource: Resource) -> bool:
        return resource.area != NATIONAL

    def sees(self, resource: Resource) -> bool:
        """Whether the resource is true where this person's groups are (NHS 24 in Scotland)."""
        if self.nations is None or not resource.nations:
            return True
        return any(resource.applies_in(nation) for nation in self.nations)


async def viewer_for(
    repos: Repos, actor: Actor | None, *, subdivision: str | None = "ENG"
) -> Viewer:
    """The viewer behind an actor; NotAllowed for strangers and people with no place.

    Each area's nation comes from its own holiday region (its office hours), else the
    programme's (`subdivision`, HOLIDAYS_SUBDIVISION): it picks the national entries that apply.
    """
    allowed = authorize(actor, Action.BROWSE_RESOURCES)
    slugs: frozenset[str] | None = None
    nations: frozenset[Nation] | None = None
    if not allowed.is_coordinator:
        area_ids = {place.area_id for place in allowed.groups.values()} | set(allowed.nurse_areas)
        found = [await repos.programme.area(area_id) for area_id in sorted(area_ids)]
        slugs = frozenset(area.slug for area in found if area is not None)
        regions = []
        for area_id in sorted(area_ids):
            hours = await repos.concerns.area_hours(area_id)
            regions.append(hours.subdivision if hours and hours.subdivision else subdivision)
        nations = frozenset(nation_of(region) for region in regions) or None
    return Viewer(
        actor=allowed,
        area_slugs=slugs,
        facilitator=is_allowed(allowed, Action.BROWSE_FACILITATION),
        nations=nations,
    )


@dataclass(frozen=True)
class Link:
    """A button on a screen: the view it opens."""

    label: str
    view: View
    key: str = NO_KEY
    page: int = 0
    fresh: bool = False  # open in a new message, keeping this one (search results)


@dataclass(frozen=True)
class Screen:
    text: str
    links: tuple[Link, ...] = ()  # one button per row
    nav: tuple[Link, ...] = ()  # one row: Back, More


def content_of(services: Services) -> ContentStore:
    if services.content is None:
        raise RuntimeError("content is not loaded (start_services loads it)")
    return services.content


def screen(store: ContentStore, viewer: Viewer, view: View, key: str, page: int) -> Screen:
    """The screen a library button opens, after checking the viewer may see it."""
    if SECTION[view] not in PEER_SECTIONS:
        authorize(viewer.actor, Action.BROWSE_FACILITATION)
    if (view in KEYED_VIEWS) != (key != NO_KEY):
        raise BadCallback("a key where none belongs, or none where one does")
    return _BUILDERS[view](_Ctx(store, viewer, key, page))


@dataclass(frozen=True)
class _Ctx:
    store: ContentStore
    viewer: Viewer
    key: str
    page: int

    @property
    def content(self) -> Content:
        return self.store.current


T = TypeVar("T")


def _found(entry: T | None) -> T:
    """A looked-up entry, or a stale button: the key is forged, or gone after a reload."""
    if entry is None:
        raise BadCallback("unknown content key")
    return entry


# Paging


def paginate(blocks: Sequence[str], *, limit: int = PAGE_CHARS) -> list[str]:
    """Group blocks (paragraphs) into pages of about `limit` characters, never splitting a tag.

    Pages stay under `limit`, except that a short remainder joins the page before it (up to
    STRETCH times `limit`) rather than making a page of its own.

    A block longer than a page is split between its lines, and a line longer than a page between
    words (blocks put their HTML tags on short heading lines, so words never cut through one).
    """
    pieces: list[str] = []
    for block in blocks:
        pieces += _split(block, limit)
    pages: list[str] = []
    current = ""
    for piece in pieces:
        joined = f"{current}\n\n{piece}" if current else piece
        if current and len(joined) > limit:
            pages.append(current)
            current = piece
        else:
            current = joined
    if current:
        pages.append(current)
    if len(pages) > 1 and len(pages[-1]) < limit * TAIL_SHARE:
        merged = f"{pages[-2]}\n\n{pages[-1]}"
        if len(merged) <= limit * STRETCH:  # rather a longer page than a last line on its own
            pages[-2:] = [merged]
    return pages or [""]


def _split(block: str, limit: int) -> list[str]:
    if len(block) <= limit:
        return [block]
    parts: list[str] = []
    current = ""
    for line in block.split("\n"):
        for piece in _split_words(line, limit) if len(line) > limit else [line]:
            joined = f"{current}\n{piece}" if current else piece
            if current and len(joined) > limit:
                parts.append(current)
                current = piece
            else:
                current = joined
    if current:
        parts.append(current)
    return parts


def _split_words(line: str, limit: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for word in line.split(" "):
        joined = f"{current} {word}" if current else word
        if current and len(joined) > limit:
            parts.append(current)
            current = word
        else:
            current = joined
    parts.append(current)
    return parts


def _document(
    blocks: Sequence[str],
    *,
    title: str,
    page: int,
    back: Link,
    view: View,
    key: str = NO_KEY,
    footer: str = "",
) -> Screen:
    """A long text as pages: title on every page, footer (e.g. the GP line) on every page."""
    room = PAGE_CHARS - len(footer)
    pages = paginate(blocks, limit=max(room, PAGE_CHARS // 2))
    page = min(page, len(pages) - 1)  # the text may have shrunk since the button was made
    parts = [pages[page] if page == 0 else f"{texts.continued(title)}\n\n{pages[page]}"]
    if footer:
        parts.append(footer)
    if len(pages) > 1:
        parts.append(texts.page_of(page, len(pages)))
    return Screen("\n\n".join(parts), nav=_nav(back, view, key, page, len(pages)))


def _listing(
    text: str,
    links: Sequence[Link],
    *,
    page: int,
    back: Link | None,
    view: View,
    key: str = NO_KEY,
) -> Screen:
    """A list of links, ITEMS_PER_PAGE at a time."""
    pages = max(1, -(-len(links) // ITEMS_PER_PAGE))
    page = min(page, pages - 1)
    shown = links[page * ITEMS_PER_PAGE : (page + 1) * ITEMS_PER_PAGE]
    if pages > 1:
        text = f"{text}\n\n{texts.page_of(page, pages)}"
    return Screen(text, links=tuple(shown), nav=_nav(back, view, key, page, pages))


def _nav(back: Link | None, view: View, key: str, page: int, pages: int) -> tuple[Link, ...]:
    """Back goes to the previous page, or up from the first; More goes to the next page."""
    nav: list[Link] = []
    if page > 0:
        nav.append(Link(texts.BACK, view, key, page - 1))
    elif back is not None:
        nav.append(back)
    if page + 1 < pages:
        nav.append(Link(texts.MORE, view, key, page + 1))
    return tuple(nav)


def _back(view: View, key: str = NO_KEY, page: int = 0) -> Link:
    return Link(texts.BACK, view, key, page)


def _list_page(position: int) -> int:
    """The page of a list an entry is on, so Back returns to where it was picked."""
    return position // ITEMS_PER_PAGE


# Resources


def _category_links(ctx: _Ctx) -> list[Link]:
    areas = {NATIONAL, *ctx.viewer.areas(ctx.content)}
    present = {r.category for r in ctx.content.resources if r.area in areas and ctx.viewer.sees(r)}
    return [
        Link(texts.category_button(category), View.CATEGORY, category.key)
        for category in ctx.content.categories
        if category.key in present
    ]


def _resources_home(ctx: _Ctx) -> Screen:
    links = _category_links(ctx)
    links.append(Link(texts.PEER_SUPPORT_LABEL, View.PEER_SUPPORT))
    if ctx.viewer.facilitator:
        links.append(Link(texts.IDEAS_LINK, View.IDEAS))
    return Screen(texts.RESOURCES_HOME, links=tuple(links))


def _category(ctx: _Ctx) -> Screen:
    category = _found(ctx.content.category(ctx.key))
    resources = [
        r
        for r in ctx.store.resource_index.by_category(
            category.key, area=ctx.viewer.areas(ctx.content)
        )
        if ctx.viewer.sees(r)
    ]
    links = [
        Link(
            texts.resource_button(resource, ctx.viewer.is_local(resource)),
            View.RESOURCE,
            resource.key,
        )
        for resource in resources
    ]
    return _listing(
        texts.category_page(category, empty=not resources),
        links,
        page=ctx.page,
        back=_back(View.RESOURCES),
        view=View.CATEGORY,
        key=category.key,
    )


def _resource(ctx: _Ctx) -> Screen:
    resource = _found(ctx.content.resource(ctx.key))
    elsewhere = resource.area != NATIONAL and resource.area not in ctx.viewer.areas(ctx.content)
    if elsewhere or not ctx.viewer.sees(resource):
        raise BadCallback("a resource from another area or nation")  # never shown to them
    category = ctx.content.category(resource.category)
    position = [
        r.key
        for r in ctx.store.resource_index.by_category(
            resource.category, area=ctx.viewer.areas(ctx.content)
        )
        if ctx.viewer.sees(r)
    ].index(resource.key)
    return _document(
        texts.resource_blocks(resource, category, ctx.viewer.is_local(resource)),
        title=resource.name,
        page=ctx.page,
        back=_back(View.CATEGORY, resource.category, _list_page(position)),
        view=View.RESOURCE,
        key=resource.key,
    )


def _peer_support(ctx: _Ctx) -> Screen:
    guide = ctx.content.peer_support
    return _document(
        texts.guide_blocks(guide, "ℹ️"),
        title=guide.title,
        page=ctx.page,
        back=_back(View.RESOURCES),
        view=View.PEER_SUPPORT,
    )


# Session ideas (PSFs, nurses, coordinators)


def _ideas_home(ctx: _Ctx) -> Screen:
    links = (
        Link(texts.SESSIONS_LABEL, View.SESSIONS),
        Link(texts.TOPICS_LABEL, View.TOPICS),
        Link(texts.ICEBREAKERS_LABEL, View.ICEBREAKERS),
        Link(texts.GROUND_RULES_LABEL, View.GROUND_RULES),
        Link(texts.TIPS_LABEL, View.TIPS),
        Link(texts.ENDING_LABEL, View.ENDING_WELL),
    )
    return Screen(texts.IDEAS_HOME, links=links)


def _sessions(ctx: _Ctx) -> Screen:
    links = [
        Link(texts.session_button(session), View.SESSION, session.key)
        for session in ctx.content.curriculum
    ]
    return _listing(
        texts.SESSIONS_TITLE, links, page=ctx.page, back=_back(View.IDEAS), view=View.SESSIONS
    )


def _session(ctx: _Ctx) -> Screen:
    session = _found(next((s for s in ctx.content.curriculum if s.key == ctx.key), None))
    return _document(
        texts.session_blocks(session),
        title=texts.session_title(session),
        page=ctx.page,
        back=_back(View.SESSIONS, page=_list_page(session.number - 1)),
        view=View.SESSION,
        key=session.key,
        footer=texts.personal_advice(session.personal_advice),
    )


def _topics(ctx: _Ctx) -> Screen:
    links = [
        Link(texts.button_label(topic.title, topic.short_title), View.TOPIC, topic.key)
        for topic in ctx.content.topics
    ]
    return _listing(
        texts.TOPICS_TITLE, links, page=ctx.page, back=_back(View.IDEAS), view=View.TOPICS
    )


def _topic(ctx: _Ctx) -> Screen:
    topic = _found(ctx.content.topic(ctx.key))
    position = [t.key for t in ctx.content.topics].index(topic.key)
    return _document(
        texts.topic_blocks(topic),
        title=topic.title,
        page=ctx.page,
        back=_back(View.TOPICS, page=_list_page(position)),
        view=View.TOPIC,
        key=topic.key,
        footer=texts.personal_advice(topic.personal_advice) if topic.personal_advice else "",
    )


def _icebreakers(ctx: _Ctx) -> Screen:
    links = [
        Link(texts.button_label(ice.title, ice.short_title), View.ICEBREAKER, ice.key)
        for ice in ctx.content.icebreakers
    ]
    return _listing(
        texts.ICEBREAKERS_TITLE,
        links,
        page=ctx.page,
        back=_back(View.IDEAS),
        view=View.ICEBREAKERS,
    )


def _icebreaker(ctx: _Ctx) -> Screen:
    icebreaker = _found(ctx.content.icebreaker(ctx.key))
    position = [ice.key for ice in ctx.content.icebreakers].index(icebreaker.key)
    return _document(
        texts.icebreaker_blocks(icebreaker),
        title=icebreaker.title,
        page=ctx.page,
        back=_back(View.ICEBREAKERS, page=_list_page(position)),
        view=View.ICEBREAKER,
        key=icebreaker.key,
    )


def _ground_rules(ctx: _Ctx) -> Screen:
    rules = ctx.content.ground_rules
    return _document(
        texts.ground_rules_blocks(rules),
        title=rules.title,
        page=ctx.page,
        back=_back(View.IDEAS),
        view=View.GROUND_RULES,
    )


def _tips(ctx: _Ctx) -> Screen:
    links = [
        Link(texts.button_label(tip.problem, tip.short_title), View.TIP, tip.key)
        for tip in ctx.content.tips
    ]
    return _listing(texts.TIPS_TITLE, links, page=ctx.page, back=_back(View.IDEAS), view=View.TIPS)


def _tip(ctx: _Ctx) -> Screen:
    tip = _found(ctx.content.tip(ctx.key))
    position = [t.key for t in ctx.content.tips].index(tip.key)
    return _document(
        texts.tip_blocks(tip),
        title=tip.problem,
        page=ctx.page,
        back=_back(View.TIPS, page=_list_page(position)),
        view=View.TIP,
        key=tip.key,
    )


def _ending_well(ctx: _Ctx) -> Screen:
    guide = ctx.content.ending_well
    return _document(
        texts.guide_blocks(guide, "🌅"),
        title=guide.title,
        page=ctx.page,
        back=_back(View.IDEAS),
        view=View.ENDING_WELL,
    )


_BUILDERS: dict[View, Callable[[_Ctx], Screen]] = {
    View.RESOURCES: _resources_home,
    View.CATEGORY: _category,
    View.RESOURCE: _resource,
    View.PEER_SUPPORT: _peer_support,
    View.IDEAS: _ideas_home,
    View.SESSIONS: _sessions,
    View.SESSION: _session,
    View.TOPICS: _topics,
    View.TOPIC: _topic,
    View.ICEBREAKERS: _icebreakers,
    View.ICEBREAKER: _icebreaker,
    View.GROUND_RULES: _ground_rules,
    View.TIPS: _tips,
    View.TIP: _tip,
    View.ENDING_WELL: _ending_well,
}


# Search


class QueryProblem(StrEnum):
    TOO_LONG = "too long"


def search(store: ContentStore, viewer: Viewer, query: str) -> Screen:
    """Resources matching `query` in the viewer's areas and national, best first.

    Nothing found is an answer too: it suggests other words, the categories, and who may know.
    """
    content = store.current
    hits = [
        hit
        for hit in store.resource_index.search(
            query, area=viewer.areas(content), limit=SEARCH_HITS * 2
        )
        if viewer.sees(hit.resource)
    ][:SEARCH_HITS]
    ctx = _Ctx(store, viewer, NO_KEY, 0)
    if not hits:
        return Screen(
            texts.nothing_found(query, viewer.facilitator), links=tuple(_category_links(ctx))
        )
    found = [
        (hit.resource, content.category(hit.resource.category), viewer.is_local(hit.resource))
        for hit in hits
    ]
    links = tuple(
        Link(texts.resource_button(resource, local), View.RESOURCE, resource.key, fresh=True)
        for resource, _, local in found
    )
    return Screen(
        texts.search_results(query, found),
        links=(*links, Link(texts.ALL_HELP_LABEL, View.RESOURCES, fresh=True)),
    )


IDEA_HITS = 6
_TIP_MIN_SCORE = 60.0
_SESSION_MIN_SCORE = 90.0
_WHOLE_LISTS: tuple[tuple[tuple[str, ...], View], ...] = (
    (("icebreaker", "ice breaker", "warm up", "starter"), View.ICEBREAKERS),
    (("ground rule", "rules", "confidential"), View.GROUND_RULES),
    (("tip", "tricky", "problem"), View.TIPS),
    (("ending", "end the group", "end well", "finish the group", "last meeting"), View.ENDING_WELL),
    (("curriculum", "six sessions", "session plan"), View.SESSIONS),
)


def search_ideas(store: ContentStore, viewer: Viewer, query: str) -> Screen:
    """Session ideas matching `query` for people who run sessions: topics, facilitation tips
    (by the problem they solve: "someone keeps dominating"), icebreakers, and whole lists
    ("ground rules", "icebreakers"). Someone without access gets the resource search."""
    if not viewer.facilitator:
        return search(store, viewer, query)
    content = store.current
    said = normalise(query)
    words = said.lemma_text
    links: list[Link] = []
    for keys, view in _WHOLE_LISTS:
        if any(key in words or key in said.text for key in keys):
            links.append(Link(texts.WHOLE_LIST_LABELS[view.value], view, fresh=True))
    tips = sorted(
        (
            (fuzz.token_set_ratio(words, normalise(f"{tip.problem} {tip.signs}").lemma_text), tip)
            for tip in content.tips
        ),
        key=lambda pair: -pair[0],
    )
    for score, tip in tips[:2]:
        if score >= _TIP_MIN_SCORE and len(said.words) > 1:
            links.append(Link(texts.tip_button(tip.problem), View.TIP, tip.key, fresh=True))
    for session in content.curriculum:
        about = normalise(f"{session.theme} {session.summary}").lemma_text
        if fuzz.token_set_ratio(words, about) >= _SESSION_MIN_SCORE:
            links.append(Link(texts.session_button(session), View.SESSION, session.key, fresh=True))
    for topic, _ in store.topic_index.search(query, limit=4):
        links.append(Link(texts.topic_button(topic.title), View.TOPIC, topic.key, fresh=True))
    for ice in content.icebreakers:
        if fuzz.partial_ratio(words, normalise(ice.title).lemma_text) >= 90 and len(words) > 3:
            links.append(Link(texts.button_label(ice.title), View.ICEBREAKER, ice.key, fresh=True))
    unique = tuple(dict.fromkeys(links))[:IDEA_HITS]
    if not unique:
        return Screen(
            texts.no_ideas_found(query), links=(Link(texts.IDEAS_LINK, View.IDEAS, fresh=True),)
        )
    return Screen(
        texts.ideas_found(query),
        links=(*unique, Link(texts.IDEAS_LINK, View.IDEAS, fresh=True)),
    )


_SUBJECTS: dict[int, frozenset[str]] = {}


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOP_WORDS = _word_set(
    """a an and the of for to in on with my your you our all can not get new out off day time
    after before about what how when who why where this that there here more less some any be
    have do go make take give keep"""
)


def subject_words(store: ContentStore) -> frozenset[str]:
    """Words that name something in the content (topic titles and tags, kinds of help and their
    other names), as lemmas: a message of a few such words is something to look up."""
    content = store.current
    key = id(content)
    if key not in _SUBJECTS:
        texts_: list[str] = []
        for topic in content.topics:
            texts_ += [topic.title, *topic.tags]
        for category in content.categories:
            texts_ += [category.name, *category.synonyms]
        words = {w for text in texts_ for w in normalise(text).lemmas}
        _SUBJECTS.clear()  # one content at a time: a reload replaces it
        _SUBJECTS[key] = frozenset(w for w in words - _STOP_WORDS if len(w) > 2)
    return _SUBJECTS[key]


def query_problem(text: str) -> QueryProblem | None:
    """Why typed text can't be searched as it is, if it can't."""
    return QueryProblem.TOO_LONG if len(text) > MAX_SEARCH_CHARS else None


async def expect_search(repos: Repos, person_id: int, now: datetime) -> None:
    """From now on, what the person types (not a button) is a search, for a while."""
    await repos.awaiting.expect(person_id, SEARCH_INPUT, {"since": to_db(now)}, now)


def search_still_wanted(payload: dict[str, object], now: datetime) -> bool:
    """Whether typed text is still a search: the resources menu was opened recently."""
    since = payload.get("since")
    if not isinstance(since, str):
        return False
    try:
        return now - from_db(since) <= SEARCH_WAIT
    except ValueError:
        return False
