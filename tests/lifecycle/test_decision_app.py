"""The decision around session 5, through the Application: peers asked, PSFs decide, the nurse
is told; stages move; bad and forged taps change nothing."""

from __future__ import annotations

from datetime import timedelta

from bot.lifecycle import rules, texts
from bot.lifecycle.buttons import LifeAct, LifeButton
from bot.texts import common
from tests.builders import Programme
from tests.harness import BotHarness
from tests.lifecycle.helpers import (
    PEERS_ASKED,
    PSFS_ASKED,
    SESSION_5_ENDS,
    six_meetings,
    with_text,
)
from tests.oversight.helpers import utc

ASKED = "would you come?"


async def _stage(bot: BotHarness, world: Programme) -> str | None:
    async with bot.services.db.read() as repos:
        row = await repos.lifecycle.stage(world.group.id)
    return row.stage if row else None


async def test_the_first_meeting_makes_a_forming_group_running(bot: BotHarness) -> None:
    """A group is forming until its first meeting starts, then running (an event records it)."""
    world, _ = await six_meetings(bot)
    await bot.sweep(at=utc(2026, 11, 5, 10, 29))
    assert await _stage(bot, world) is None
    await bot.sweep(at=utc(2026, 11, 5, 10, 30))
    assert await _stage(bot, world) == "running"
    async with bot.services.db.read() as repos:
        [event] = await repos.lifecycle.events(world.group.id, kind="stage")
    assert event.value == "running"


async def test_peers_are_asked_the_morning_after_session_5(bot: BotHarness) -> None:
    """Nothing before session 5 is over; the next morning each peer gets one question with
    three one-tap answers, and the PSFs are not asked yet."""
    world, _ = await six_meetings(bot)
    await bot.sweep(at=SESSION_5_ENDS)
    await bot.sweep(at=PEERS_ASKED.replace(hour=9, minute=59))
    assert not with_text(world.peer, ASKED)
    await bot.sweep(at=PEERS_ASKED)
    for peer in world.peers:
        [question] = with_text(peer, ASKED)
        assert "<b>Lavenham Circle</b> has met five times" in question.text
        assert question.buttons == [[label] for label in texts.COME_LABELS.values()]
    assert not with_text(world.psf, "The future of")
    await bot.sweep(at=PSFS_ASKED)
    assert len(with_text(world.peer, ASKED)) == 1  # once


async def test_psfs_see_the_answers_and_decide_to_carry_on(bot: BotHarness) -> None:
    """Peers' taps show on the PSFs' screen three days later; carrying on takes a tap and a
    confirming tap, the group is extended, and the nurse is told in office hours."""
    world, _ = await six_meetings(bot)
    first, second = world.peers[:2]
    await bot.sweep(at=PEERS_ASKED)
    await bot.press(first, texts.COME_LABELS["yes"])
    assert first.last.text == texts.COME_THANKS
    await bot.press(second, texts.COME_LABELS["no"])
    await bot.sweep(at=PSFS_ASKED)
    [screen] = with_text(world.psf, "The future of Lavenham Circle")
    assert "👍 Yes, I'd come: 1 — Peer1" in screen.text
    assert "👋 No, thank you: 1 — Peer2" in screen.text
    assert "Not answered yet: 1" in screen.text
    assert screen.buttons == [[texts.EXTEND], [texts.END]]
    await bot.press(world.psf, texts.EXTEND)
    assert world.psf.last.text == texts.CONFIRM_EXTEND
    assert await _stage(bot, world) is None or await _stage(bot, world) == "running"
    await bot.press(world.psf, texts.YES_EXTEND)
    assert world.psf.callback_answers[-1] == texts.EXTENDED_DONE
    assert "Psf1 decided to carry on" in world.psf.last.text
    assert await _stage(bot, world) == "extended"
    nurse = world.nurse
    assert nurse is not None
    [told] = with_text(nurse, "will carry on for up to six more months")
    assert "Decided by Psf1" in told.text and "1 would come" in told.text
    async with bot.services.db.read() as repos:
        decisions = await repos.lifecycle.events(world.group.id, kind="decision")
    assert [(e.value, e.role) for e in decisions] == [("extend", "psf")]


async def test_a_second_psf_and_a_late_peer_find_it_decided(bot: BotHarness) -> None:
    """Once decided, the co-PSF's old button and a peer's late answer change nothing."""
    world, _ = await six_meetings(bot)
    await bot.sweep(at=PSFS_ASKED)
    other = world.psfs[1]
    screen = other.last
    await bot.press(world.psf, texts.END)
    await bot.press(world.psf, texts.YES_END)
    assert await _stage(bot, world) == "ending"
    await bot.press(other, texts.EXTEND, message_id=screen.message_id)
    assert other.callback_answers[-1] == texts.ALREADY_DECIDED
    await bot.press(world.peers[2], texts.COME_LABELS["yes"])
    assert world.peers[2].last.text == texts.COME_CLOSED
    assert await _stage(bot, world) == "ending"
    async with bot.services.db.read() as repos:
        assert not await repos.lifecycle.events(world.group.id, kind="would_come")


async def test_future_command_lets_psfs_decide_early_and_refuses_peers(bot: BotHarness) -> None:
    """/future shows a PSF the group's future at any time; a peer is refused kindly."""
    world, _ = await six_meetings(bot)
    await bot.send(world.psf, "/future")
    assert "The future of Lavenham Circle" in world.psf.last.text
    assert world.psf.last.buttons == [[texts.EXTEND], [texts.END]]
    await bot.send(world.peer, "/future")
    assert world.peer.last.text == common.NOT_ALLOWED


async def test_forged_life_cycle_buttons_are_refused(bot: BotHarness) -> None:
    """A peer forging the PSFs' decision, a PSF of another group, an unknown answer and a
    stranger all change nothing."""
    world, _ = await six_meetings(bot)
    other = await Programme.build(bot, group_name="Sudbury Friends", first_id=2000)
    gid = world.group.id
    await bot.send(world.peer, "/start")
    await bot.press_data(world.peer, LifeButton(gid, LifeAct.END).pack())
    assert world.peer.callback_answers[-1] == common.NOT_ALLOWED
    await bot.send(other.psf, "/start")
    await bot.press_data(other.psf, LifeButton(gid, LifeAct.END).pack())
    assert other.psf.callback_answers[-1] == common.NOT_ALLOWED
    await bot.press_data(world.peer, f"lc:{gid}:come:whatever")
    assert world.peer.callback_answers[-1] == common.STALE_BUTTON
    await bot.press_data(world.peer, f"lc:{gid}:come:yes:extra")
    assert world.peer.callback_answers[-1] == common.STALE_BUTTON
    await bot.press_data(world.peer, f"lc:{gid}:how:helped")  # the group has not ended
    assert world.peer.callback_answers[-1] == common.STALE_BUTTON
    stranger = bot.user(9999, "Stranger")
    stranger.send("/start")
    await bot.settle()
    await bot.press_data(stranger, LifeButton(gid, LifeAct.EXTEND).pack())
    assert await _stage(bot, world) is None
    async with bot.services.db.read() as repos:
        assert not await repos.lifecycle.events(gid)


async def test_psfs_are_reminded_before_the_extension_runs_out(bot: BotHarness) -> None:
    """About a month before the six more months are up, each PSF is reminded once and can end
    the group from that message."""
    world, _ = await six_meetings(bot)
    await bot.sweep(at=PSFS_ASKED)
    await bot.press(world.psf, texts.EXTEND)
    await bot.press(world.psf, texts.YES_EXTEND)
    reminder_at = PSFS_ASKED + rules.EXTENSION_REMINDER
    await bot.sweep(at=reminder_at - timedelta(minutes=1))
    assert not with_text(world.psf, "six more months come to an end")
    await bot.sweep(at=reminder_at)
    for psf in world.psfs:
        [reminder] = with_text(psf, "six more months come to an end around")
        assert "come to an end around Tuesday 8 June" in reminder.text
        assert reminder.buttons == [[texts.END]]
    await bot.press(world.psfs[1], texts.END)
    await bot.press(world.psfs[1], texts.YES_END)
    assert await _stage(bot, world) == "ended"  # nothing more was planned: it ends now
    assert with_text(world.peer, "Thank you for being part of")
    await bot.sweep(at=reminder_at + timedelta(days=40))
    assert len(with_text(world.psf, "six more months come to an end")) == 1
