"""A peer who missed three meetings in a row, through the Application: one warm message with
stay / pause / leave, and the PSFs see the answer."""

from __future__ import annotations

from bot.devserver import SimUser
from bot.lifecycle import texts
from bot.lifecycle.buttons import LifeAct, LifeButton
from bot.texts import common
from tests.builders import Programme
from tests.harness import BotHarness
from tests.lifecycle.helpers import mark, six_meetings, with_text
from tests.oversight.helpers import utc

ASKED = "Would you like to stay in the group?"
AFTER_THIRD = utc(2026, 11, 19, 12, 0)


async def _away_three_times(bot: BotHarness) -> tuple[Programme, SimUser]:
    world, planned = await six_meetings(bot)
    bot.clock.set(AFTER_THIRD)
    away, *others = world.peers
    for meeting in planned[:3]:
        await mark(bot, world, meeting, set(others))
    await bot.sweep()
    return world, away


async def test_three_missed_meetings_in_a_row_bring_one_warm_message(bot: BotHarness) -> None:
    """Two misses bring nothing; the third brings one message with three one-tap answers, to
    that peer only, and never a second one."""
    world, planned = await six_meetings(bot)
    bot.clock.set(AFTER_THIRD)
    away, *others = world.peers
    await mark(bot, world, planned[0], set(others))
    await mark(bot, world, planned[1], set(others))
    await bot.sweep()
    assert not with_text(away, ASKED)
    await mark(bot, world, planned[2], set(others))
    await bot.sweep()
    [asked] = with_text(away, ASKED)
    assert "We've missed you" in asked.text and "no pressure" in asked.text
    assert asked.buttons == [[label] for label in texts.STAY_LABELS.values()]
    assert not any(with_text(peer, ASKED) for peer in others)
    await bot.sweep(at=utc(2026, 11, 26, 12, 0))
    assert len(with_text(away, ASKED)) == 1


async def test_a_meeting_they_came_to_breaks_the_run(bot: BotHarness) -> None:
    """Missed, came, missed, missed: not three in a row, so no message."""
    world, planned = await six_meetings(bot)
    bot.clock.set(utc(2026, 11, 26, 12, 0))
    away = world.peer
    for n, meeting in enumerate(planned[:4]):
        await mark(bot, world, meeting, {away} if n == 1 else set())
    await bot.sweep()
    assert not with_text(away, ASKED)


async def test_a_peer_who_pauses_is_paused_and_the_psfs_are_told(bot: BotHarness) -> None:
    """ "Pause" pauses their messages with a kind reply; each PSF hears it; a second tap
    changes nothing."""
    world, away = await _away_three_times(bot)
    await bot.press(away, texts.STAY_LABELS["pause"])
    assert away.last.text == texts.STAY_REPLIES["pause"]
    for psf in world.psfs:
        [told] = with_text(psf, "Peer1 has paused their messages")
        assert "Lavenham Circle" in told.text
    async with bot.services.db.read() as repos:
        person = await repos.people.get(world.person_id(away))
        [event] = await repos.lifecycle.events(world.group.id, kind="stay_answer")
    assert person is not None and person.paused_at is not None
    assert event.value == "pause"
    await bot.press(away, texts.STAY_LABELS["stay"])
    assert away.last.text == texts.STAY_ALREADY


async def test_a_peer_who_stays_keeps_their_place_and_the_psfs_are_told(
    bot: BotHarness,
) -> None:
    """ "Stay" keeps them in the group with messages on; the PSFs hear it."""
    world, away = await _away_three_times(bot)
    await bot.press(away, texts.STAY_LABELS["stay"])
    assert away.last.text == texts.STAY_REPLIES["stay"]
    assert with_text(world.psf, "Peer1 would like to stay in the group")
    async with bot.services.db.read() as repos:
        person = await repos.people.get(world.person_id(away))
        members = {m.person.id for m in await repos.people.members_of(world.group.id)}
    assert person is not None and person.paused_at is None
    assert world.person_id(away) in members


async def test_a_peer_who_leaves_is_taken_out_and_the_psfs_are_told(bot: BotHarness) -> None:
    """ "Leave" takes them out of the group and the PSFs are told."""
    world, away = await _away_three_times(bot)
    await bot.press(away, texts.STAY_LABELS["leave"])
    assert away.last.text == texts.STAY_REPLIES["leave"]
    assert with_text(world.psf, "Peer1 has left the group")
    async with bot.services.db.read() as repos:
        members = {m.person.id for m in await repos.people.members_of(world.group.id)}
    assert world.person_id(away) not in members


async def test_a_peer_who_was_not_asked_cannot_answer(bot: BotHarness) -> None:
    """A forged "stay" button from a peer who was never asked changes nothing."""
    world, _ = await _away_three_times(bot)
    present = world.peers[1]
    await bot.press_data(present, LifeButton(world.group.id, LifeAct.STAY, "leave").pack())
    assert present.callback_answers[-1] == common.STALE_BUTTON
    async with bot.services.db.read() as repos:
        assert not await repos.lifecycle.events(world.group.id, kind="stay_answer")
        members = {m.person.id for m in await repos.people.members_of(world.group.id)}
    assert world.person_id(present) in members
