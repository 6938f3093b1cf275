"""Steps shared by the concern tests: raising one as a PSF, reading what the nurse got."""

from __future__ import annotations

import functools
from datetime import UTC, datetime

import pytest

from bot.concerns import texts
from bot.concerns.records import Category, Concern
from bot.devserver import BotMessage, SimUser
from bot.ratelimit import FloodLimiter
from tests.harness import BotHarness

PEER_HEALTH = texts.CATEGORY_LABELS[Category.PEER]
WORRY = "Mrs Green has been very low since her husband died and missed her tablets twice."


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lift the per-chat pace (1 message/s after a burst of 3, real sleeps) for these tests.

    The pacing itself is tested in test_foundation; these tests are about concerns, and their
    conversations would otherwise spend most of their time asleep.
    """
    relaxed = functools.partial(FloodLimiter, chat_burst=10_000)
    monkeypatch.setattr("bot.app.FloodLimiter", relaxed)


# Wed 4 Nov 2026 is the harness's default start (GMT: local time = UTC).
SATURDAY = utc(2026, 11, 7, 10)
MONDAY_9 = utc(2026, 11, 9, 9)


async def raise_concern(
    bot: BotHarness,
    psf: SimUser,
    text: str = WORRY,
    *,
    urgent: bool = False,
    category: str = PEER_HEALTH,
) -> str:
    """Tap through "Contact the nurse" as a PSF; returns what they were told at the end."""
    await bot.send(psf, texts.MENU_LABEL)
    await bot.press(psf, texts.DANGER_YES if urgent else texts.DANGER_NO)
    await bot.press(psf, category)
    await bot.send(psf, text)
    await bot.press(psf, texts.SEND)
    return psf.last.text


def cards(nurse: SimUser) -> list[BotMessage]:
    """Concern cards (and their reminders) the nurse has, in order."""
    return [m for m in nurse.inbox if "Concern from" in m.text and not m.deleted]


async def only_concern(bot: BotHarness) -> Concern:
    async with bot.services.db.read() as repos:
        found = await repos.concerns.open_concerns()
    assert len(found) == 1, found
    return found[0]


async def concern(bot: BotHarness, concern_id: int) -> Concern:
    async with bot.services.db.read() as repos:
        found = await repos.concerns.get(concern_id)
    assert found is not None
    return found
