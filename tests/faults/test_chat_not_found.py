"""A chat that keeps answering 400 "chat not found" is treated like one that blocked the bot:
tried a few times, then the person is marked unreachable, their facilitators are told once,
and nothing more is sent there — not retried for ever, not one warning per message."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.delivery import schedule_notice
from bot.devserver import Fault
from bot.messages import OutMessage
from bot.outbound import CHAT_GONE_AFTER
from tests.builders import Programme
from tests.harness import BotHarness


async def _notice(bot: BotHarness, person_id: int, key: str) -> None:
    async with bot.services.db.transaction() as repos:
        await schedule_notice(
            repos,
            person_id=person_id,
            message=OutMessage(f"Notice {key}"),
            due_at=bot.clock.now(),
            key=key,
        )


async def test_a_chat_that_is_never_found_is_marked_unreachable_not_retried_for_ever(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    world = await Programme.build(bot)
    gone = world.peers[0]
    person_id = world.person_id(gone)
    bot.telegram.inject(Fault.CHAT_NOT_FOUND, chats={gone.id})
    await _notice(bot, person_id, "first")
    await _notice(bot, world.person_id(world.peers[1]), "other")

    def tries() -> int:
        return sum(1 for call in bot.telegram.calls if call.params.get("chat_id") == gone.id)

    await bot.sweep()
    assert tries() == 1
    assert world.peers[1].texts == ["Notice other"]  # others are not held up
    # It may be Telegram's hiccup: tried again later, with the usual growing delays.
    await bot.advance(timedelta(minutes=1))
    assert tries() == 2
    async with bot.services.db.read() as repos:
        assert (await repos.people.get(person_id)).unreachable_at is None  # type: ignore[union-attr]
    await bot.advance(timedelta(minutes=5))
    assert tries() == CHAT_GONE_AFTER == 3
    async with bot.services.db.read() as repos:
        person = await repos.people.get(person_id)
        assert person is not None and person.unreachable_at is not None
        assert await repos.deliveries.count(state="dropped") == 1
        assert await repos.deliveries.count(state="pending", kind="notice") == 0
    for psf in world.psfs:  # told once, as when someone blocks the bot
        told = [text for text in psf.texts if "are not getting through" in text]
        assert len(told) == 1, psf.texts

    # From now on nothing is sent there, however much falls due.
    await _notice(bot, person_id, "second")
    await bot.advance(timedelta(hours=5))
    assert tries() == CHAT_GONE_AFTER
    assert gone.texts == []
    ours = [r for r in caplog.records if r.name.startswith(("bot", "handlers"))]
    assert [r.levelno for r in ours if r.levelno >= logging.WARNING] == []
    marked = [r.getMessage() for r in ours if "treating it as blocked" in r.getMessage()]
    assert len(marked) == 1

    # Writing to the bot again shows the chat exists after all: back to normal.
    bot.telegram.clear_faults()
    await bot.send(gone, "/start")
    async with bot.services.db.read() as repos:
        assert (await repos.people.get(person_id)).unreachable_at is None  # type: ignore[union-attr]
