"""Which nurse a concern goes to and when: area hours, holidays, closures, nurses away."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.auth import load_actor
from bot.concerns import rules as concerns
from bot.concerns.records import ConcernState, EventKind
from bot.models import Role
from bot.texts.dates import when_opens
from tests.builders import Programme
from tests.concerns.steps import utc
from tests.harness import BotHarness

pytestmark = pytest.mark.usefixtures("unthrottled")


async def _route(bot: BotHarness, world: Programme, at: datetime) -> concerns.Route:
    async with bot.services.db.read() as repos:
        return await concerns.route_for(repos, bot.services.settings, world.area, at)


@pytest.mark.parametrize(
    ("raised", "reaches", "words"),
    [
        # Friday 16:59 is open; 17:00 is not.
        (utc(2026, 1, 16, 16, 59), utc(2026, 1, 16, 16, 59), "today at 16:59"),
        (utc(2026, 1, 16, 17), utc(2026, 1, 19, 9), "on Monday 19 January at 9:00"),
        # Saturday before May Day bank holiday: Tuesday, 9:00 BST.
        (utc(2026, 5, 2, 10), utc(2026, 5, 5, 8), "on Tuesday 5 May at 9:00"),
        # Good Friday: Easter Monday is a bank holiday too.
        (utc(2026, 4, 3, 10), utc(2026, 4, 7, 8), "on Tuesday 7 April at 9:00"),
        # The weekends the clocks change: 9:00 local is 08:00Z, then 09:00Z.
        (utc(2026, 3, 28, 12), utc(2026, 3, 30, 8), "on Monday 30 March at 9:00"),
        (utc(2026, 10, 24, 12), utc(2026, 10, 26, 9), "on Monday 26 October at 9:00"),
        # Just after midnight: the same morning.
        (utc(2026, 11, 10, 0, 0), utc(2026, 11, 10, 9), "today at 9:00"),
    ],
)
async def test_concern_reaches_the_nurse_at_the_next_opening(
    bot: BotHarness, raised: datetime, reaches: datetime, words: str
) -> None:
    """A concern is due at the area's next opening, told in plain words, at the awkward edges."""
    world = await Programme.build(bot)
    route = await _route(bot, world, raised)
    assert route.nurse is not None and route.nurse.display_name == "Nurse"
    assert route.due_at == reaches
    assert route.open_now == (raised == reaches)
    assert when_opens(route.due_at, world.area.tz, raised) == words


async def test_coordinator_closure_christmas_to_new_year(bot: BotHarness) -> None:
    """A coordinator's closure (with the bank holidays) holds concerns until 4 January."""
    world = await Programme.build(bot)
    async with bot.services.db.transaction() as repos:
        await repos.concerns.add_closure(
            area_id=None,
            start=date(2026, 12, 24),
            end=date(2027, 1, 1),
            reason="Christmas closure",
            now=bot.clock.now(),
        )
    route = await _route(bot, world, utc(2026, 12, 23, 17, 30))
    assert route.due_at == utc(2027, 1, 4, 9)
    on_christmas_eve = await _route(bot, world, utc(2026, 12, 24, 10))
    assert on_christmas_eve.closed_because == "Christmas closure"


async def test_area_has_its_own_hours(bot: BotHarness) -> None:
    """An area's own weekly hours replace the defaults for that area only."""
    world = await Programme.build(bot)
    async with bot.services.db.transaction() as repos:
        await repos.concerns.set_area_hours(
            area_id=world.area.id,
            days="Mon-Thu",
            opens=time(9, 30),
            closes=time(16),
            country=None,
            subdivision=None,
            now=bot.clock.now(),
        )
    friday = utc(2026, 11, 6, 10)
    assert (await _route(bot, world, friday)).due_at == utc(2026, 11, 9, 9, 30)
    assert (await _route(bot, world, utc(2026, 11, 5, 15, 59))).open_now
    assert not (await _route(bot, world, utc(2026, 11, 5, 16))).open_now


async def test_away_nurse_sends_to_backup_and_everyone_away_waits(bot: BotHarness) -> None:
    """A nurse away on the day goes to the backup; if both are away it waits for her return."""
    world = await Programme.build(bot)
    backup = await world.add_nurse(1900, "Backup", backup=True)
    nurse_id, backup_id = world.person_id(world.nurse), world.person_id(backup)  # type: ignore[arg-type]
    async with bot.services.db.transaction() as repos:
        await repos.people.set_away(
            area_id=world.area.id,
            person_id=nurse_id,
            away_from=date(2026, 11, 9),
            away_until=date(2026, 11, 13),
        )
    route = await _route(bot, world, utc(2026, 11, 7, 10))
    assert route.nurse is not None and route.nurse.id == backup_id
    assert route.away is not None and route.away.id == nurse_id
    assert route.due_at == utc(2026, 11, 9, 9)
    # Friday 6 Nov: she is still at work that day.
    friday = await _route(bot, world, utc(2026, 11, 6, 10))
    assert friday.nurse is not None and friday.nurse.id == nurse_id and friday.away is None
    async with bot.services.db.transaction() as repos:
        await repos.people.set_away(
            area_id=world.area.id,
            person_id=backup_id,
            away_from=date(2026, 11, 1),
            away_until=date(2026, 11, 30),
        )
    waits = await _route(bot, world, utc(2026, 11, 7, 10))
    assert waits.nurse is not None and waits.nurse.id == nurse_id
    assert waits.due_at == utc(2026, 11, 16, 9)


async def test_no_nurse_means_nobody_and_coordinators_are_told(bot: BotHarness) -> None:
    """Without a nurse who can receive it, a raised concern is kept and coordinators told once."""
    world = await Programme.build(bot, with_nurse=False, with_coordinator=True)
    assert (await _route(bot, world, bot.clock.now())).nurse is None
    now = bot.clock.now()
    actor_psf = world.person_id(world.psf)
    async with bot.services.db.transaction() as repos:
        actor = await load_actor(repos, world.psf.id)
        assert actor is not None and actor.person.id == actor_psf
        draft = await concerns.start_draft(repos, actor, world.group, now)
        submitted = await concerns.submit(repos, bot.services.settings, actor, draft.id, now)
        assert submitted.route is not None and submitted.route.nurse is None
        again = await concerns.sweep_concerns(repos, bot.services.settings, now)
        assert again.rerouted == 0
        events = [e.kind for e in await repos.concerns.events_of(draft.id)]
    assert events.count(EventKind.NO_NURSE) == 1
    await bot.sweep()
    await bot.sweep()
    assert world.coordinator is not None
    told = [t for t in world.coordinator.texts if "no nurse" in t]
    assert len(told) == 1 and "Lavenham Circle" in told[0] and "tablets" not in told[0]


async def test_psf_of_two_groups_keeps_other_groups_urgent_draft(bot: BotHarness) -> None:
    """A new draft keeps another group's urgent draft, and folds in the same group's urgency."""
    world = await Programme.build(bot)
    other = await Programme.build(bot, group_name="Hadleigh Circle", first_id=3000)
    now = bot.clock.now()
    async with bot.services.db.transaction() as repos:
        await repos.people.join_group(
            group_id=other.group.id, person_id=world.person_id(world.psf), role=Role.PSF, now=now
        )
        actor = await load_actor(repos, world.psf.id)
        assert actor is not None
        urgent = await concerns.start_draft(repos, actor, other.group, now)
        await concerns.answer_danger(repos, actor, urgent.id, True, now)
        await concerns.start_draft(repos, actor, world.group, now)
        still = await repos.concerns.get(urgent.id)
        assert still is not None and still.state is ConcernState.DRAFT
        again = await concerns.start_draft(repos, actor, other.group, now)
        folded = await repos.concerns.get(urgent.id)
    assert folded is not None and folded.state is ConcernState.ABANDONED
    assert again.urgent and again.urgent_at == now
