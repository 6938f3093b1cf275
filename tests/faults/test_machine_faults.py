"""The machine misbehaving: the database locked by another program, the disk full.

People are told plainly to try again (never shown an error), the sweep tries again on its next
round, nothing due is lost or sent twice, the database stays sound, and the log says so once.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.delivery import schedule_notice
from bot.devserver import SimUser
from bot.messages import OutMessage
from bot.models import Answer
from bot.storage import StorageFull
from bot.texts import common as texts
from tests.builders import Programme
from tests.faults.machine import disk_full, integrity, locked_by_another_program
from tests.faults.scenarios import DAY_BEFORE, GOING, SEVEN_DAYS_BEFORE, TOLD_GOING, collected_logs
from tests.harness import BotHarness
from tests.meetings.helpers import plan


@asynccontextmanager
async def group_with_a_meeting(tmp_path: Path) -> AsyncIterator[tuple[BotHarness, Programme]]:
    """A group whose meeting is next Tuesday: everyone has had the week-before reminder."""
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        await plan(bot, world, count=1)
        await bot.sweep()
        await bot.sweep(at=SEVEN_DAYS_BEFORE)
        yield bot, world


def day_before_reminders(users: list[SimUser]) -> list[int]:
    return [sum("meets tomorrow" in text for text in user.texts) for user in users]


async def answer_of(bot: BotHarness, world: Programme, user: SimUser) -> Answer | None:
    async with bot.services.db.read() as repos:
        meeting = (await repos.meetings.upcoming(world.group.id, bot.clock.now()))[0]
        return await repos.meetings.rsvp(meeting.id, world.person_id(user))


def shown(users: list[SimUser]) -> list[str]:
    """Everything the users were shown: messages and button notes."""
    return [
        *(text for user in users for text in user.texts),
        *(note or "" for user in users for note in user.callback_answers),
    ]


def assert_nothing_technical(users: list[SimUser]) -> None:
    for text in shown(users):
        for word in ("Traceback", "sqlite", "Error", "locked", "disk"):
            assert word not in text, text


async def test_database_locked_longer_than_the_bot_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locked while the bot waits 3 × 0.2 s at most: the tap is refused kindly, the sweep gives
    up this round, and both work once the lock is gone."""
    monkeypatch.setattr("bot.storage.database.BUSY_TIMEOUT_MS", 200)
    async with group_with_a_meeting(tmp_path) as (bot, world):
        everyone = world.psfs + world.peers
        peer = world.peers[0]
        with collected_logs() as records:
            async with locked_by_another_program(bot.services.db.path):
                await bot.press(peer, GOING)
                assert peer.callback_answers[-1] == texts.DATABASE_BUSY
                assert await answer_of(bot, world, peer) is None
                await bot.sweep(at=DAY_BEFORE)  # can't claim anything: tried again next time
            assert day_before_reminders(everyone) == [0] * len(everyone)
            await bot.sweep()  # the next round
            assert day_before_reminders(everyone) == [1] * len(everyone)
            await bot.press(peer, GOING)
            assert peer.callback_answers[-1] == TOLD_GOING
            assert await answer_of(bot, world, peer) is Answer.YES
            await bot.sweep()
        assert day_before_reminders(everyone) == [1] * len(everyone)  # none twice
        assert_nothing_technical(everyone)
        warnings = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
        assert len(warnings) == 1, warnings
        assert "locked by another program" in warnings[0]
        assert any("can be written again" in r.getMessage() for r in records)
        assert integrity(bot.services.db.path) == "ok"


async def test_a_short_lock_only_makes_a_tap_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.storage.database.BUSY_TIMEOUT_MS", 1000)
    async with group_with_a_meeting(tmp_path) as (bot, world):
        peer = world.peers[0]
        with collected_logs() as records:
            async with locked_by_another_program(bot.services.db.path, seconds=0.4):
                await bot.press(peer, GOING)  # waits for the lock, then goes through
        assert peer.callback_answers[-1] == TOLD_GOING
        assert await answer_of(bot, world, peer) is Answer.YES
        assert [r for r in records if r.levelno >= logging.WARNING] == []


async def test_disk_full_people_told_nothing_sent_then_carrying_on(tmp_path: Path) -> None:
    async with group_with_a_meeting(tmp_path) as (bot, world):
        everyone = world.psfs + world.peers
        peer, other = world.peers[0], world.peers[1]
        db = bot.services.db
        with collected_logs() as records:
            with disk_full(db):
                await bot.press(peer, GOING)
                assert peer.callback_answers[-1] == texts.DISK_FULL
                await bot.sweep(at=DAY_BEFORE)  # what is due waits: it couldn't be recorded
                await bot.press(other, GOING)
                assert other.callback_answers[-1] == texts.DISK_FULL
                await bot.sweep()
                assert day_before_reminders(everyone) == [0] * len(everyone)
                assert await answer_of(bot, world, peer) is None
                assert integrity(db.path) == "ok"
            await bot.sweep()  # room again: carrying on
            assert day_before_reminders(everyone) == [1] * len(everyone)
            await bot.press(peer, GOING)
            assert peer.callback_answers[-1] == TOLD_GOING
            assert await answer_of(bot, world, peer) is Answer.YES
            await bot.sweep()
        assert day_before_reminders(everyone) == [1] * len(everyone)
        assert_nothing_technical(everyone)
        problems = [r for r in records if r.levelno >= logging.WARNING]
        assert [r.levelno for r in problems] == [logging.ERROR], [_.getMessage() for _ in problems]
        assert "the disk is full" in problems[0].getMessage()
        assert any("room in the database again" in r.getMessage() for r in records)
        assert integrity(db.path) == "ok"


async def test_sqlite_full_is_undone(bot: BotHarness) -> None:
    """SQLite's real "database or disk is full" (the file may not grow: PRAGMA max_page_count)
    undoes the transaction itself; the bot reports StorageFull, not "cannot rollback"."""
    world = await Programme.build(bot, peers=1)
    db = bot.services.db
    connection = db._require()
    async with connection.execute("PRAGMA page_count") as cursor:
        pages = (await cursor.fetchone())[0]  # type: ignore[index]
    await connection.execute(f"PRAGMA max_page_count = {pages}")
    big = OutMessage("x" * 200_000)  # needs new pages

    async def queue(key: str) -> None:
        async with db.transaction() as repos:
            await schedule_notice(
                repos,
                person_id=world.person_id(world.peer),
                message=big,
                due_at=bot.clock.now(),
                key=key,
            )

    with pytest.raises(StorageFull):
        await queue("first")
    assert db.full.active
    assert integrity(db.path) == "ok"
    await connection.execute("PRAGMA max_page_count = 1073741823")
    await queue("second")
    async with db.read() as repos:
        assert await repos.deliveries.count(kind="notice") == 1
    assert await db.has_room()
    assert not db.full.active
