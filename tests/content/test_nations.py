"""National resources per nation: the area's holiday region picks what is true there."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.auth import Actor, GroupPlace, load_actor
from bot.callbacks import BadCallback
from bot.content import ContentStore, Nation, library, nation_of
from bot.content.library import View, Viewer
from bot.models import Role
from tests.builders import Programme
from tests.content.test_library import person
from tests.harness import CONTENT_DIR, BotHarness

NOW = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def store() -> ContentStore:
    return ContentStore(CONTENT_DIR)


def peer_in(nation: Nation) -> Viewer:
    actor = Actor(person(), groups={1: GroupPlace(role=Role.PEER, area_id=1)})
    return Viewer(actor, frozenset({"sample-area"}), facilitator=False, nations=frozenset({nation}))


def keys_in(store: ContentStore, who: Viewer, category: str) -> set[str]:
    screen = library.screen(store, who, View.CATEGORY, category, 0)
    pages = [screen]
    while any(link.view is View.CATEGORY and link.page for link in screen.nav):
        nxt = next(link for link in screen.nav if link.label.startswith("More"))
        screen = library.screen(store, who, View.CATEGORY, category, nxt.page)
        pages.append(screen)
    return {link.key for page in pages for link in page.links if link.view is View.RESOURCE}


def test_holiday_regions_name_their_nations() -> None:
    """ENG, WLS, SCT and NIR are the four nations; unset or unknown means England."""
    assert nation_of("WLS") is Nation.WALES
    assert nation_of("SCT") is Nation.SCOTLAND
    assert nation_of("NIR") is Nation.NORTHERN_IRELAND
    assert nation_of("ENG") is nation_of(None) is nation_of("XX") is Nation.ENGLAND


@pytest.mark.parametrize(
    ("nation", "urgent", "not_shown"),
    [
        (Nation.ENGLAND, "nhs-111", {"nhs-111-wales", "nhs-24", "gp-out-of-hours-ni"}),
        (Nation.WALES, "nhs-111-wales", {"nhs-111", "nhs-24", "gp-out-of-hours-ni"}),
        (Nation.SCOTLAND, "nhs-24", {"nhs-111", "nhs-111-wales", "gp-out-of-hours-ni"}),
        (Nation.NORTHERN_IRELAND, "gp-out-of-hours-ni", {"nhs-111", "nhs-111-wales", "nhs-24"}),
    ],
)
def test_each_nation_gets_its_own_urgent_advice_line(
    store: ContentStore, nation: Nation, urgent: str, not_shown: set[str]
) -> None:
    """NHS 111 in England, NHS 111 Wales, NHS 24 on 111 in Scotland, GP Out of Hours in NI."""
    keys = keys_in(store, peer_in(nation), "health-advice")
    assert urgent in keys and "emergency-999" in keys
    assert not keys & not_shown


@pytest.mark.parametrize("nation", [Nation.WALES, Nation.SCOTLAND, Nation.NORTHERN_IRELAND])
def test_prescriptions_are_free_outside_england(store: ContentStore, nation: Nation) -> None:
    """Outside England peers read that prescriptions are free, never England's charges."""
    keys = keys_in(store, peer_in(nation), "money-advice")
    assert "prescriptions-free" in keys
    assert not keys & {"free-prescriptions", "prepayment-certificate"}
    found = library.search(store, peer_in(nation), "free prescriptions")
    assert "Prescriptions are free" in found.text or any(
        link.key == "prescriptions-free" for link in found.links
    )
    assert all(link.key != "free-prescriptions" for link in found.links)


def test_england_keeps_the_exemption_certificate(store: ContentStore) -> None:
    """In England the medical exemption and the prepayment certificate are shown."""
    keys = keys_in(store, peer_in(Nation.ENGLAND), "money-advice")
    assert {"free-prescriptions", "prepayment-certificate"} <= keys
    assert "prescriptions-free" not in keys


def test_an_entry_from_another_nation_cannot_be_opened(store: ContentStore) -> None:
    """A forged button for another nation's entry is refused like another area's."""
    with pytest.raises(BadCallback):
        library.screen(store, peer_in(Nation.WALES), View.RESOURCE, "free-prescriptions", 0)
    assert library.screen(store, peer_in(Nation.WALES), View.RESOURCE, "nhs-111-wales", 0)


async def test_the_area_holiday_region_sets_the_nation(bot: BotHarness) -> None:
    """An area whose office hours use Wales's holidays is in Wales; others use the setting."""
    world = await Programme.build(bot, area_name="Sample Area")
    async with bot.services.db.read() as repos:
        before = await library.viewer_for(
            repos, await load_actor(repos, world.peer.id), subdivision="SCT"
        )
    async with bot.services.db.transaction() as repos:
        await repos.concerns.set_area_hours(
            area_id=world.area.id,
            days="Mon-Fri",
            opens=time(9),
            closes=time(17),
            country="GB",
            subdivision="WLS",
            now=NOW,
        )
    async with bot.services.db.read() as repos:
        after = await library.viewer_for(repos, await load_actor(repos, world.peer.id))
    assert before.nations == frozenset({Nation.SCOTLAND})
    assert after.nations == frozenset({Nation.WALES})
