"""The meetings journey end to end: the Application polling the local Bot API server over HTTP."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.devserver import Limits
from bot.meetings import texts
from bot.models import Answer
from tests.builders import Programme
from tests.harness import BotHarness
from tests.meetings.helpers import plan, plan_with_taps, quick_taps, utc

GOING, MAYBE, CANT = (texts.ANSWER_LABELS[a] for a in (Answer.YES, Answer.MAYBE, Answer.NO))


@pytest.fixture
def _quick_taps(monkeypatch: pytest.MonkeyPatch) -> None:
    quick_taps(monkeypatch)


@pytest.mark.usefixtures("_quick_taps")
async def test_plan_remind_answer_headcount_and_move_over_http(bot_http: BotHarness) -> None:
    """A PSF plans 6 meetings with taps; peers get the dates and reminders at 10:30 local with
    answer buttons; answers show in the headcount; a move reaches everyone with SEQUENCE 1."""
    bot = bot_http
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf)
    assert "Saved 6 meetings" in world.psf.last.text
    for peer in world.peers:
        assert "New meeting dates for Lavenham Circle" in peer.last.text

    await bot.sweep(at=utc(2026, 11, 10, 10, 29))
    assert not [t for t in world.peer.texts if "Reminder" in t]
    await bot.sweep(at=utc(2026, 11, 10, 10, 30))
    for peer in world.peers:
        assert "Reminder: Lavenham Circle meets on Tuesday 17 November" in peer.last.text
        assert peer.last.buttons == [[GOING, MAYBE], [CANT], [texts.ADD_TO_CALENDAR]]
    await bot.press(world.peers[0], GOING)
    await bot.press(world.peers[1], MAYBE)
    await bot.press(world.peers[2], CANT)

    await bot.send(world.psf, texts.PSF_MENU_LABEL)
    await bot.press(world.psf, "Tue 17 Nov, 10:30")
    assert "1 going · 1 maybe · 1 can't come" in world.psf.last.text
    await bot.press(world.psf, texts.WHO_IS_COMING)
    assert "Going (1)</b>\n• Peer1" in world.psf.last.text

    await bot.press(world.psf, texts.BACK)
    await bot.press(world.psf, texts.MOVE)
    await bot.press(world.psf, "18")
    await bot.press(world.psf, texts.keep_time(time(10, 30)))
    await bot.press(world.psf, texts.YES_MOVE)
    for user in world.peers + world.psfs[1:]:
        assert "Wednesday 18 November, 10:30–12:00" in user.last.text
    await bot.press(world.peers[0], texts.ADD_TO_CALENDAR)
    document = world.peers[0].last.document
    assert document is not None
    assert int(Calendar.from_ical(document.data).walk("VEVENT")[0]["SEQUENCE"]) == 1

    await bot.sweep(at=utc(2026, 11, 17, 10, 30))
    assert "meets tomorrow" in world.peers[0].last.text


async def test_reminder_fan_out_respects_flood_limits_and_blocked_peers(tmp_path: Path) -> None:
    """With Telegram's limits on (the bot's own limiter untouched), the dates and reminders to a
    group arrive without a 429, and a peer who blocked the bot is marked unreachable with each
    PSF told once."""
    async with BotHarness.e2e(tmp_path, limits=Limits(flood=True)) as bot:
        world = await Programme.build(bot, peers=8)
        await plan(bot, world, count=3)
        await bot.sweep()  # the new dates go to everyone
        world.peers[0].blocked = True
        await bot.sweep(at=utc(2026, 11, 10, 10, 30))
        for peer in world.peers[1:]:
            assert "Reminder" in peer.last.text
        for psf in world.psfs:
            assert len([t for t in psf.texts if "not getting through" in t]) == 1
        statuses = {call.status for call in bot.telegram.calls}
        assert 429 not in statuses and 403 in statuses
