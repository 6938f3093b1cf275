"""The suggestion journey end to end: the Application polling the local Bot API server over HTTP."""

from __future__ import annotations

import pytest

from bot.sessions import texts
from tests.builders import Programme
from tests.harness import BotHarness
from tests.meetings.helpers import plan_with_taps, quick_taps, utc
from tests.sessions.helpers import cards


@pytest.fixture(autouse=True)
def _quick_taps(monkeypatch: pytest.MonkeyPatch) -> None:
    quick_taps(monkeypatch)


async def test_peer_idea_psf_card_choice_and_reminder_over_http(bot_http: BotHarness) -> None:
    """A PSF plans with taps; a peer suggests "sleeping badly"; three days before, each PSF gets
    the card listing it; a PSF picks Sleep from the library and uses it; peers' reminder the
    day before shows the topic."""
    bot = bot_http
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf)
    assert "Saved 6 meetings" in world.psf.last.text
    peer = world.peer
    await bot.send(peer, "/start")
    await bot.send(peer, texts.MENU_LABEL)
    await bot.send(peer, "sleeping badly")
    assert "I've kept your idea" in peer.last.text

    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    for psf in world.psfs:
        (card,) = cards(psf)
        assert "• sleeping badly" in card and "session 1" in card
    await bot.press(world.psf, texts.ANOTHER_TOPIC)
    await bot.press(world.psf, texts.FROM_LIBRARY)
    await bot.press(world.psf, "Sleep and tiredness")
    assert "Members asked about this: “sleeping badly”" in world.psf.last.text
    await bot.press(world.psf, texts.USE_THIS)
    assert "✅ <b>Chosen topic: Sleep and tiredness</b>" in world.psf.last.text
    assert "Psf1 chose the topic" in world.psfs[1].last.text

    await bot.sweep(at=utc(2026, 11, 16, 10, 30))
    for member in world.peers:
        assert "Reminder: Lavenham Circle meets tomorrow" in member.last.text
        assert "💬 Topic: Sleep and tiredness" in member.last.text
