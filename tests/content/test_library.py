"""The library core: who sees what, every screen fits Telegram's limits, paging, search."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.auth import Actor, GroupPlace, NotAllowed, load_actor
from bot.callbacks import BadCallback
from bot.content import NATIONAL, ContentStore, library, texts
from bot.content.buttons import NO_KEY, LibraryButton, View
from bot.content.library import KEYED_VIEWS, Screen, Viewer
from bot.devserver.telegram import html_visible_text
from bot.messages import MAX_TEXT
from bot.models import Person, Role
from bot.storage.times import to_db
from tests.builders import Programme
from tests.harness import CONTENT_DIR, BotHarness

SAMPLE = "sample-area"
NOW = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def store() -> ContentStore:
    return ContentStore(CONTENT_DIR)


def person(person_id: int = 1, *, coordinator: bool = False) -> Person:
    return Person(
        id=person_id,
        telegram_id=1000 + person_id,
        display_name="Someone",
        is_coordinator=coordinator,
        paused_at=None,
        unreachable_at=None,
        consent_version=1,
        consent_at=NOW,
        forgotten_at=None,
    )


def viewer(role: Role, areas: frozenset[str] | None = frozenset({SAMPLE})) -> Viewer:
    """A peer or PSF of a group in `areas`, a nurse there, or a coordinator (areas None)."""
    if role is Role.COORDINATOR:
        return Viewer(Actor(person(coordinator=True)), None, facilitator=True)
    if role is Role.NURSE:
        return Viewer(Actor(person(), nurse_areas={1: False}), areas, facilitator=True)
    actor = Actor(person(), groups={1: GroupPlace(role=role, area_id=1)})
    return Viewer(actor, areas, facilitator=role is Role.PSF)


PEER, PSF = viewer(Role.PEER), viewer(Role.PSF)


def every_screen(store: ContentStore, who: Viewer) -> list[tuple[View, str, int, Screen]]:
    """Walk the library from its two home screens through every link and page, as a tapper would."""
    seen: dict[tuple[View, str, int], Screen] = {}
    todo = [(View.RESOURCES, NO_KEY, 0)]
    if who.facilitator:
        todo.append((View.IDEAS, NO_KEY, 0))
    while todo:
        place = todo.pop()
        if place in seen:
            continue
        seen[place] = shown = library.screen(store, who, *place)
        todo += [(link.view, link.key, link.page) for link in (*shown.links, *shown.nav)]
    return [(*place, shown) for place, shown in seen.items()]


# --- Who sees what ----------------------------------------------------------------------------


def test_a_peer_reaches_resources_and_the_explainer_but_no_facilitation_material(
    store: ContentStore,
) -> None:
    """Walking every button a peer is shown never leads to PSF-only material."""
    views = {view for view, *_ in every_screen(store, PEER)}
    assert View.PEER_SUPPORT in views and View.RESOURCE in views
    assert not views & {View.IDEAS, View.TOPIC, View.SESSION, View.TIP, View.GROUND_RULES}


def test_a_psf_reaches_everything(store: ContentStore) -> None:
    """A PSF can reach every session, topic, icebreaker and tip, the guides and the resources."""
    screens = every_screen(store, PSF)
    reached = {(view, key) for view, key, _, _ in screens}
    content = store.current
    assert {(View.SESSION, s.key) for s in content.curriculum} <= reached
    assert {(View.TOPIC, t.key) for t in content.topics} <= reached
    assert {(View.ICEBREAKER, i.key) for i in content.icebreakers} <= reached
    assert {(View.TIP, t.key) for t in content.tips} <= reached
    assert {View.GROUND_RULES, View.ENDING_WELL, View.PEER_SUPPORT} <= {v for v, _ in reached}
    local = {r.key for r in content.resources if r.area in (NATIONAL, SAMPLE)}
    assert {key for view, key in reached if view is View.RESOURCE} == local


@pytest.mark.parametrize(
    ("view", "key"),
    [
        (View.IDEAS, NO_KEY),
        (View.TOPIC, "sleep"),
        (View.SESSION, "getting-to-know"),
        (View.TIP, "someone-dominates"),
        (View.GROUND_RULES, NO_KEY),
        (View.ENDING_WELL, NO_KEY),
        (View.ICEBREAKERS, NO_KEY),
    ],
)
def test_a_peer_forging_a_facilitation_button_is_refused(
    store: ContentStore, view: View, key: str
) -> None:
    """Forged data for PSF-only material raises NotAllowed for a peer, even with a real key."""
    with pytest.raises(NotAllowed):
        library.screen(store, PEER, view, key, 0)


@pytest.mark.parametrize(
    ("view", "key"),
    [
        (View.TOPIC, "no-such-topic"),
        (View.RESOURCE, "sleep"),  # a topic's key, given as a resource
        (View.CATEGORY, "eye-screening-x"),
        (View.TOPIC, "eye-screening"),  # a category's (and resource's) key, given as a topic
        (View.SESSION, "sleep"),
        (View.TOPICS, "sleep"),  # a list takes no key
        (View.TOPIC, NO_KEY),  # an entry needs one
    ],
)
def test_unknown_or_mismatched_keys_are_stale_buttons(
    store: ContentStore, view: View, key: str
) -> None:
    """A key that does not exist for that kind of entry is a stale button, not a crash."""
    with pytest.raises(BadCallback):
        library.screen(store, PSF, view, key, 0)


def test_keys_shared_between_kinds_open_the_right_entry(store: ContentStore) -> None:
    """'eye-screening' is both a category and a resource: the view says which is meant."""
    category = library.screen(store, PEER, View.CATEGORY, "eye-screening", 0)
    resource = library.screen(store, PEER, View.RESOURCE, "eye-screening", 0)
    assert "Eye screening" in category.text and category.links
    assert "diabetic eye screening" in resource.text.lower() and not resource.links


def test_resources_of_another_area_are_not_shown_or_opened(store: ContentStore) -> None:
    """A peer elsewhere sees national resources only, and can't open a sample-area one by key."""
    elsewhere = viewer(Role.PEER, frozenset({"babergh"}))
    keys = {key for view, key, _, _ in every_screen(store, elsewhere) if view is View.RESOURCE}
    assert keys == {r.key for r in store.current.resources if r.area == NATIONAL}
    with pytest.raises(BadCallback):
        library.screen(store, elsewhere, View.RESOURCE, "sample-walk-lavenham", 0)
    home = library.screen(store, elsewhere, View.RESOURCES, NO_KEY, 0)
    shown = {link.key for link in home.links if link.view is View.CATEGORY}
    assert "venues" not in shown and "foot-care" in shown  # venues: only the sample area has any


def test_a_coordinator_sees_every_area(store: ContentStore) -> None:
    """Coordinators (no area) see every area's resources, local ones first."""
    coordinator = viewer(Role.COORDINATOR)
    listing = library.screen(store, coordinator, View.CATEGORY, "foot-care", 0)
    assert listing.links[0].key == "sample-podiatry"
    assert listing.links[0].label.startswith("📍")


async def test_viewer_areas_come_from_groups_and_nursing(bot: BotHarness) -> None:
    """A peer sees their group's area; a nurse their areas; a coordinator all; a stranger none."""
    world = await Programme.build(bot, area_name="Sample Area", with_coordinator=True)
    assert world.area.slug == SAMPLE
    async with bot.services.db.read() as repos:
        assert world.nurse is not None and world.coordinator is not None
        peer = await library.viewer_for(repos, await load_actor(repos, world.peer.id))
        nurse = await library.viewer_for(repos, await load_actor(repos, world.nurse.id))
        coordinator = await library.viewer_for(repos, await load_actor(repos, world.coordinator.id))
        with pytest.raises(NotAllowed):
            await library.viewer_for(repos, None)
    assert peer.area_slugs == nurse.area_slugs == frozenset({SAMPLE})
    assert not peer.facilitator and nurse.facilitator
    assert coordinator.area_slugs is None and coordinator.facilitator


# --- Every screen renders ---------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PSF, Role.COORDINATOR])
def test_every_screen_is_valid_html_within_telegram_limits(store: ContentStore, role: Role) -> None:
    """Every screen reachable by buttons parses as Telegram HTML and fits in one message."""
    for view, key, page, shown in every_screen(store, viewer(role)):
        visible = html_visible_text(shown.text)  # raises on broken or unknown tags
        assert visible.strip(), (view, key, page)
        assert len(shown.text) <= MAX_TEXT, (view, key, page)
        assert len(shown.links) + len(shown.nav) <= 20, (view, key, page)


def test_every_library_button_fits_in_callback_data(store: ContentStore) -> None:
    """Every button of every screen packs into Telegram's 64 bytes and parses back the same."""
    for role in (Role.PSF, Role.COORDINATOR):
        for *_, shown in every_screen(store, viewer(role)):
            for link in (*shown.links, *shown.nav):
                button = LibraryButton(link.view, link.key, link.page, link.fresh)
                assert len(button.pack().encode()) <= 64
                assert LibraryButton.parse(button.pack()) == button


def test_long_texts_are_split_into_screens_with_back_and_more(store: ContentStore) -> None:
    """A session longer than a screen comes in pages; More goes on, Back goes back or up."""
    first = library.screen(store, PSF, View.SESSION, "getting-to-know", 0)
    assert [link.label for link in first.nav] == [texts.BACK, texts.MORE]
    assert first.nav[0].view is View.SESSIONS and first.nav[1].page == 1
    assert "Page 1 of" in first.text
    pages = int(first.text.split("Page 1 of ")[1].split(" ")[0].rstrip("."))
    last = library.screen(store, PSF, View.SESSION, "getting-to-know", pages - 1)
    assert [link.label for link in last.nav] == [texts.BACK]
    assert last.nav[0].page == pages - 2 and last.nav[0].view is View.SESSION
    assert "(continued)" in last.text
    for page in range(pages):
        text = library.screen(store, PSF, View.SESSION, "getting-to-know", page).text
        assert len(html_visible_text(text)) <= library.PAGE_CHARS * library.STRETCH + 200


def test_a_short_remainder_joins_the_page_before() -> None:
    """A last page of a line or two is added to the previous page instead."""
    pages = library.paginate(["a" * 90, "b" * 90, "c" * 20], limit=100)
    assert pages == ["a" * 90, "b" * 90 + "\n\n" + "c" * 20]
    assert library.paginate(["a" * 90, "b" * 90, "c" * 60], limit=100)[-1] == "c" * 60


def test_a_page_past_the_end_shows_the_last_page(store: ContentStore) -> None:
    """A forged or outdated page number shows the last page rather than failing."""
    assert library.screen(store, PSF, View.SESSION, "getting-to-know", 999) == library.screen(
        store, PSF, View.SESSION, "getting-to-know", 2
    )


def test_every_health_topic_page_carries_the_personal_advice_line(store: ContentStore) -> None:
    """Each page of a health topic or session says to ask the GP, practice nurse or pharmacist."""
    for view, key, _, shown in every_screen(store, PSF):
        topic = store.current.topic(key) if view is View.TOPIC else None
        if view is View.SESSION or (topic is not None and topic.health):
            assert "🩺" in shown.text, (view, key)
            assert any(word in shown.text for word in ("GP", "nurse", "pharmacist"))


def test_lists_longer_than_a_screen_have_pages(store: ContentStore) -> None:
    """The topic library lists a screenful of topics at a time, with More for the rest."""
    first = library.screen(store, PSF, View.TOPICS, NO_KEY, 0)
    assert len(first.links) == library.ITEMS_PER_PAGE
    assert first.nav[-1].label == texts.MORE
    # Back from a topic on the second page returns to the second page of the list.
    second_page_topic = store.current.topics[library.ITEMS_PER_PAGE]
    topic = library.screen(store, PSF, View.TOPIC, second_page_topic.key, 0)
    assert topic.nav[0].view is View.TOPICS and topic.nav[0].page == 1


def test_paginate_never_exceeds_the_limit_or_cuts_a_tag() -> None:
    """Pages stay under the limit; long paragraphs split between words, tags stay whole."""
    blocks = [
        "<b>Title</b>\nintro",
        "word " * 500,
        "\n".join(f"• line {n} &amp; more" for n in range(80)),
    ]
    pages = library.paginate(blocks, limit=300)
    assert all(len(page) <= 300 * library.STRETCH for page in pages)
    assert all(len(page) <= 300 for page in pages[:-1])
    assert " ".join(" ".join(pages).split()) == " ".join(" ".join(blocks).split())
    for page in pages:
        html_visible_text(page)


def test_content_text_is_escaped(tmp_path: Path) -> None:
    """A title with <, > and & from a hand-edited file is shown as text, not taken for HTML."""
    folder = Path(shutil.copytree(CONTENT_DIR, tmp_path / "content"))
    topics = folder / "topics.yaml"
    topics.write_text(
        topics.read_text().replace("title: Sleep and tiredness", 'title: "Sleep <b> & naps"')
    )
    store = ContentStore(folder)
    shown = library.screen(store, PSF, View.TOPIC, "sleep", 0)
    assert "Sleep &lt;b&gt; &amp; naps" in shown.text
    assert "Sleep <b> & naps" in html_visible_text(shown.text)


# --- Search ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("dietician", "dietitian"),
        ("excercise", "exercise-walking"),
        ("chiropidist", "foot-care"),
        ("bereavment", "bereavement"),
        ("stop smokin", "stop-smoking"),
        ("walking group near lavenham", "exercise-walking"),
    ],
)
def test_search_answers_misspellings_with_links_to_the_right_resources(
    store: ContentStore, query: str, first: str
) -> None:
    """A misspelt search lists matching resources, best first, each a link to its details."""
    shown = library.search(store, PEER, query)
    opened = [link for link in shown.links if link.view is View.RESOURCE]
    assert opened and all(link.fresh for link in opened)
    best = store.current.resource(opened[0].key)
    assert best is not None and best.category == first
    assert "Here's what I found" in shown.text


def test_search_near_a_village_puts_the_local_entry_first(store: ContentStore) -> None:
    """'walking group near lavenham' shows the (sample) Lavenham walk first, marked as local."""
    shown = library.search(store, PEER, "walking group near lavenham")
    assert shown.links[0].key == "sample-walk-lavenham"
    assert shown.links[0].label.startswith("📍")


def test_nothing_found_suggests_categories_and_who_to_ask(store: ContentStore) -> None:
    """No match: the answer says so, offers the categories, and says who else may know."""
    shown = library.search(store, PEER, "xyzzy plugh")
    assert "couldn't find anything" in shown.text
    assert "PSF or your GP practice" in shown.text
    assert {link.view for link in shown.links} == {View.CATEGORY}
    assert "study nurse" in library.search(store, PSF, "xyzzy plugh").text


def test_search_text_is_escaped(store: ContentStore) -> None:
    """What someone typed is shown back safely."""
    shown = library.search(store, PEER, "<script> & stuff")
    assert "&lt;script&gt; &amp; stuff" in shown.text
    html_visible_text(shown.text)


def test_search_only_finds_the_viewers_areas(store: ContentStore) -> None:
    """Someone outside the sample area never gets its entries in search results."""
    elsewhere = viewer(Role.PEER, frozenset({"babergh"}))
    shown = library.search(store, elsewhere, "walking group near lavenham")
    keys = [link.key for link in shown.links if link.view is View.RESOURCE]
    assert keys and not any(key.startswith("sample-") for key in keys)


def test_search_wait_expires() -> None:
    """Typing soon after opening the menu is a search; an hour later it is not."""
    payload: dict[str, object] = {"since": to_db(NOW)}
    assert library.search_still_wanted(payload, NOW + timedelta(minutes=59))
    assert not library.search_still_wanted(payload, NOW + timedelta(minutes=61))
    assert not library.search_still_wanted({}, NOW)
    assert not library.search_still_wanted({"since": "yesterday"}, NOW)


def test_every_keyed_view_has_a_kind_of_entry() -> None:
    """Each view that takes a key is one kind of entry, so callback data names the kind."""
    assert {View.CATEGORY, View.RESOURCE, View.TOPIC, View.SESSION, View.ICEBREAKER, View.TIP} == (
        KEYED_VIEWS
    )
