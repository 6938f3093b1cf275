"""Who is talking is read once per update, and read again as soon as it may have changed.

The consent gate reads the actor (person, groups, roles) in one statement and the handlers of
the same update take it from the context (handlers/common.py). Any write through PeopleRepo
(a join, a new role, a pause, a rename) is committed with a note that moves
`Database.people_version` on, and the next look in the same update reads them again. Nothing
is kept from one update to the next: a change made meanwhile (by `peer-circle admin`, another
process) is seen at the very next update.
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.checkins.texts import MENU_LABEL as CHECKIN_LABEL
from bot.meetings.texts import PEER_MENU_LABEL
from bot.models import Role
from bot.texts import common as common_texts
from handlers.common import Context, current_actor
from tests.builders import Programme
from tests.harness import BotHarness
from tests.meetings.helpers import plan


def _labels(keyboard: list[list[str]] | None) -> list[str]:
    return [label for row in keyboard or [] for label in row]


async def _statements(bot: BotHarness) -> list[str]:
    """Every SQL statement the bot's connection runs from now on."""
    seen: list[str] = []
    await bot.services.db._require().set_trace_callback(seen.append)
    return seen


def _actor_reads(statements: list[str]) -> int:
    return sum(1 for sql in statements if "FROM people p WHERE p.telegram_id" in sql)


async def test_the_actor_is_read_once_per_update_in_one_statement(bot: BotHarness) -> None:
    world = await Programme.build(bot)
    await plan(bot, world)
    statements = await _statements(bot)
    await bot.send(world.peer, PEER_MENU_LABEL)  # the gate, the router and the handler look
    assert "Lavenham Circle" in world.peer.last.text
    assert _actor_reads(statements) == 1
    assert not [sql for sql in statements if "FROM memberships WHERE person_id" in sql]
    assert not [sql for sql in statements if "FROM area_nurses WHERE person_id" in sql]


async def test_being_made_psf_is_seen_at_the_next_update(bot: BotHarness) -> None:
    world = await Programme.build(bot)
    peer = world.peer
    await bot.send(peer, "/start")
    assert CHECKIN_LABEL not in _labels(peer.keyboard)
    # As `peer-circle admin` would, from outside the bot's updates.
    async with bot.services.db.transaction() as repos:
        await repos.people.join_group(
            group_id=world.group.id,
            person_id=world.person_id(peer),
            role=Role.PSF,
            now=bot.clock.now(),
        )
    await bot.send(peer, "/start")
    assert CHECKIN_LABEL in _labels(peer.keyboard)


async def test_joining_another_group_is_seen_at_the_next_update(bot: BotHarness) -> None:
    world = await Programme.build(bot)
    other = await Programme.build(
        bot, group_name="Sudbury Circle", psfs=1, peers=0, first_id=2000, with_nurse=False
    )
    await plan(bot, world)
    await plan(bot, other)
    peer = world.peer
    await bot.send(peer, PEER_MENU_LABEL)
    assert "Sudbury Circle" not in peer.last.text
    async with bot.services.db.transaction() as repos:
        await repos.people.join_group(
            group_id=other.group.id,
            person_id=world.person_id(peer),
            role=Role.PEER,
            now=bot.clock.now(),
        )
    await bot.send(peer, PEER_MENU_LABEL)
    assert "Sudbury Circle" in peer.last.text and "Lavenham Circle" in peer.last.text


async def test_leaving_is_seen_at_the_next_update(bot: BotHarness) -> None:
    world = await Programme.build(bot)
    peer = world.peer
    await bot.send(peer, "/start")
    assert PEER_MENU_LABEL in _labels(peer.keyboard)
    async with bot.services.db.transaction() as repos:
        await repos.people.leave_group(
            group_id=world.group.id, person_id=world.person_id(peer), now=bot.clock.now()
        )
    await bot.send(peer, "/start")
    assert PEER_MENU_LABEL not in _labels(peer.keyboard)
    assert common_texts.STRANGER not in peer.last.text  # still a person, in no group


def _context_for(bot: BotHarness, telegram_id: int, first_name: str) -> tuple[Update, Context]:
    data: dict[str, Any] = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": telegram_id, "type": "private"},
            "from": {"id": telegram_id, "is_bot": False, "first_name": first_name},
            "text": "hello",
        },
    }
    update = Update.de_json(data, bot.app.bot)
    return update, Context.from_update(update, bot.app)


async def test_a_write_about_people_in_the_same_update_is_seen_by_the_next_look(
    bot: BotHarness,
) -> None:
    world = await Programme.build(bot)
    update, context = _context_for(bot, world.peer.id, "Peer1")
    first = await current_actor(update, context)
    assert first is not None and first.roles == {Role.PEER}
    assert await current_actor(update, context) is first  # taken from the context

    # Writes about anything else keep it; a read keeps it.
    async with bot.services.db.transaction() as repos:
        await repos.awaiting.expect(first.person.id, "anything", {}, bot.clock.now())
    async with bot.services.db.read() as repos:
        await repos.people.get(first.person.id)
    assert await current_actor(update, context) is first

    # A new role, written in the middle of the update, is seen by the next look.
    async with bot.services.db.transaction() as repos:
        await repos.people.join_group(
            group_id=world.group.id,
            person_id=first.person.id,
            role=Role.PSF,
            now=bot.clock.now(),
        )
    again = await current_actor(update, context)
    assert again is not None and again is not first and again.roles == {Role.PSF}

    # So is a pause.
    async with bot.services.db.transaction() as repos:
        await repos.people.set_paused(first.person.id, bot.clock.now())
    paused = await current_actor(update, context)
    assert paused is not None and paused.person.paused_at is not None


async def test_a_write_that_is_rolled_back_changes_nothing(bot: BotHarness) -> None:
    world = await Programme.build(bot)
    version = bot.services.db.people_version

    class Undo(Exception):
        pass

    try:
        async with bot.services.db.transaction() as repos:
            await repos.people.set_paused(world.person_id(world.peer), bot.clock.now())
            raise Undo
    except Undo:
        pass
    assert bot.services.db.people_version == version
    update, context = _context_for(bot, world.peer.id, "Peer1")
    actor = await current_actor(update, context)
    assert actor is not None and actor.person.paused_at is None


async def test_someone_else_in_the_same_context_is_read_afresh(bot: BotHarness) -> None:
    """The context keeps one person's actor: a look for anybody else reads the database."""
    world = await Programme.build(bot)
    update, context = _context_for(bot, world.peer.id, "Peer1")
    peer = await current_actor(update, context)
    other_update, _ = _context_for(bot, world.psf.id, "Psf1")
    psf = await current_actor(other_update, context)
    assert peer is not None and psf is not None
    assert peer.roles == {Role.PEER} and psf.roles == {Role.PSF}
