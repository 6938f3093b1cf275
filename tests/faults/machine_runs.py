"""The machine faults as runs with figures (a FaultRun each), for `make faults`'s table and the
short backup test. The short tests of the lock and the full disk, with their exact answers,
are in test_machine_faults.py."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path

from bot.delivery import schedule_notice
from bot.messages import OutMessage
from bot.ratelimit import FloodLimiter
from bot.texts import common as common_texts
from tests.builders import Programme
from tests.faults.machine import count, disk_full, integrity, locked_by_another_program
from tests.faults.scenarios import (
    DAY_BEFORE,
    GOING,
    SEVEN_DAYS_BEFORE,
    TOLD_GOING,
    Expected,
    FaultRun,
    collected_logs,
)
from tests.harness import CONTENT_DIR, BotHarness
from tests.meetings.helpers import plan


def _warnings(records: list[logging.LogRecord]) -> list[str]:
    """WARNING and worse, less the start-up notes about privacy settings a test leaves empty."""
    return [
        f"{r.levelname} {r.name}: {r.getMessage()}"
        for r in records
        if r.levelno >= logging.WARNING and not r.getMessage().startswith("Privacy notice:")
    ]


async def _settle_quietly(bot: BotHarness) -> None:
    await bot.settle()


async def database_locked(tmp_path: Path, *, seconds: float, peers: int = 10) -> FaultRun:
    """Another program holds the write lock for `seconds` while the day-before reminders fall
    due and every peer taps Going; the bot's own patience is left as shipped (3 × 5 s)."""
    run = FaultRun("database locked by another program", seconds)
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot, peers=peers)
        await plan(bot, world, count=1)
        await bot.sweep()
        await bot.sweep(at=SEVEN_DAYS_BEFORE)
        everyone = world.psfs + world.peers
        expected = [Expected("reminder", user, "meets tomorrow") for user in everyone]
        with collected_logs() as records:
            async with locked_by_another_program(bot.services.db.path, seconds=seconds):
                started = time.monotonic()
                bot.clock.set(DAY_BEFORE)
                sweeping = asyncio.create_task(bot.services.sweep())
                for user in world.peers:
                    expected.append(Expected("answer", user, TOLD_GOING, toast=True, tap=True))
                    user.press(GOING)
                answering = asyncio.create_task(_settle_quietly(bot))
                arrived_during = {id(item) for item in expected if item.count()}
            ended = time.monotonic()
            await asyncio.gather(sweeping, answering)
            if any(not item.count() for item in expected if not item.tap):
                await bot.sweep()  # the next round, if this one gave up
            run.recovery_seconds = time.monotonic() - ended
        run.seconds = round(ended - started, 1)
        run.tally(expected, arrived_during)
        run.taps_refused = sum(
            note == common_texts.DATABASE_BUSY
            for user in world.peers
            for note in user.callback_answers
        )
        run.warnings = _warnings(records)
        assert integrity(bot.services.db.path) == "ok"
    return run


async def disk_full_for(
    tmp_path: Path, *, seconds: float, peers: int = 10, sweep_every: float = 5.0
) -> FaultRun:
    """The disk is full for `seconds`: sweeps keep running, peers tap Going one after another
    along the way (and are told to try again); then there is room, and each taps again."""
    run = FaultRun("disk full", seconds)
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot, peers=peers)
        await plan(bot, world, count=1)
        await bot.sweep()
        await bot.sweep(at=SEVEN_DAYS_BEFORE)
        everyone = world.psfs + world.peers
        expected = [Expected("reminder", user, "meets tomorrow") for user in everyone]
        tap_every = seconds / (len(world.peers) + 1)
        with collected_logs() as records:
            with disk_full(bot.services.db):
                started = time.monotonic()
                bot.clock.set(DAY_BEFORE)
                next_sweep = next_tap = started
                taps = 0
                while (now := time.monotonic()) < started + seconds:
                    if now >= next_sweep:
                        await bot.services.sweep()
                        next_sweep = now + sweep_every
                    if now >= next_tap and taps < len(world.peers):
                        user = world.peers[taps]
                        expected.append(Expected("answer", user, TOLD_GOING, toast=True, tap=True))
                        await bot.press(user, GOING)  # told to try again
                        taps += 1
                        next_tap = now + tap_every
                    await asyncio.sleep(0.05)
                arrived_during = {id(item) for item in expected if item.count()}
            ended = time.monotonic()
            await bot.sweep()  # the next round finds room again
            refused = [
                user for user in world.peers if common_texts.DISK_FULL in user.callback_answers
            ]
            for user in refused:  # they try again, as told
                await bot.press(user, GOING)
            run.recovery_seconds = time.monotonic() - ended
        run.tally(expected, arrived_during)
        run.taps_refused = len(refused)
        run.warnings = _warnings(records)
        assert integrity(bot.services.db.path) == "ok"
    return run


# `python -m bot admin backup TARGET` in a process of its own, as a coordinator would run it;
# it loads first and waits to be told, so the copy is taken while the bot is busy.
# It also notes when SQLite's copy began and ended (time.monotonic: the test's clock too).
_BACKUP_WHEN_TOLD = """
import sqlite3, sys, time
import bot.admin.commands as commands
from bot.cli import cli


class Timed:
    def __init__(self, connection):
        self.connection = connection

    def backup(self, target, **options):
        print("copy began", time.monotonic(), flush=True)
        self.connection.backup(target.connection, **options)
        print("copy ended", time.monotonic(), flush=True)

    def close(self):
        self.connection.close()


class Sqlite3:
    def __getattr__(self, name):
        return getattr(sqlite3, name)

    def connect(self, *args, **kwargs):
        return Timed(sqlite3.connect(*args, **kwargs))


commands.sqlite3 = Sqlite3()
print("ready", flush=True)
sys.stdin.readline()
cli(["admin", "backup", sys.argv[1]])
"""


async def _start_backup(source: Path, target: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, "DATABASE_PATH": str(source), "CONTENT_DIR": str(CONTENT_DIR)}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _BACKUP_WHEN_TOLD,
        str(target),
        env=env,
        cwd=source.parent,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    assert await process.stdout.readline() == b"ready\n"
    return process


async def _backup_now(process: asyncio.subprocess.Process) -> tuple[float, float]:
    """Take the copy now; when (time.monotonic) SQLite's copy began and ended."""
    output, _ = await process.communicate(b"go\n")
    text = output.decode()
    assert process.returncode == 0, text
    assert "Backed up" in text
    began = float(text.split("copy began", 1)[1].split()[0])
    ended = float(text.split("copy ended", 1)[1].split()[0])
    return began, ended


def _text(person_id: int, number: int) -> str:
    return f"Notice {number} for {person_id}"


def _rows(path: Path, state: str) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            _text(int(person_id), int(str(variant)[1:]))
            for person_id, variant in connection.execute(
                "SELECT person_id, variant FROM deliveries WHERE kind = 'notice' AND state = ?",
                (state,),
            )
        }


TABLES = ("people", "groups", "memberships", "meetings", "deliveries", "invites")


async def backup_while_sending(
    tmp_path: Path, *, people: int = 40, each: int = 10, rate: float = 100.0
) -> tuple[FaultRun, dict[str, object]]:
    """`admin backup` (another process) while the bot sends people × each notices; then a
    bot restored from the copy sends what the copy still had to send.

    The run counts, as "due", the notices the copy had not recorded as sent; "delivered after"
    is what the restored bot sent of them; "duplicated" the ones the restored bot sent that the
    live bot had already sent by the time SQLite's copy ended: those in flight when the copy
    was taken (what went out after it goes again after a restore too: the copy can't know).
    The run's duration is the copy's. Also returns facts for the test to check."""
    live_dir, restored_dir = tmp_path / "live", tmp_path / "restored"
    live_dir.mkdir()
    restored_dir.mkdir()
    copy = tmp_path / "backups" / "copy.sqlite3"
    copy.parent.mkdir()
    limiter = FloodLimiter(overall_per_second=rate, chat_burst=10_000)
    async with BotHarness.fast(live_dir, rate_limiter=limiter) as bot:
        world = await Programme.build(bot, psfs=0, peers=people, with_nurse=False)
        users = {world.person_id(user): user for user in world.peers}
        async with bot.services.db.transaction() as repos:
            for person_id in users:
                for number in range(each):
                    await schedule_notice(
                        repos,
                        person_id=person_id,
                        message=OutMessage(_text(person_id, number)),
                        due_at=bot.clock.now(),
                        key=f"n{number}",
                    )
        backup = await _start_backup(bot.services.db.path, copy)
        sending = asyncio.create_task(bot.services.sweep())
        await world.peers[0].wait_for(3, timeout=30)  # well under way, far from done
        began, ended = await _backup_now(backup)
        await sending
        live = bot.services.db.path
        counted = {table: count(live, f"SELECT COUNT(*) FROM {table}") for table in TABLES}
        sent_live = [text for user in world.peers for text in user.texts]
        sent_by_copy_end = {
            str(call.params["text"])
            for call in bot.telegram.calls
            if call.method == "sendMessage"
            and call.status == 200
            and call.fault is None
            and call.at_monotonic <= ended
        }

    restored_db = restored_dir / "peer-circle.sqlite3"
    restored_db.write_bytes(copy.read_bytes())
    sent_in_copy = _rows(copy, "sent")
    in_flight = _rows(copy, "sending")
    with collected_logs() as records:
        async with BotHarness.fast(restored_dir, rate_limiter=limiter) as restored:
            for user in users.values():
                restored.user(user.id, user.first_name).has_chat = True
            started = time.monotonic()
            await restored.sweep()
            resent = [text for user in users.values() for text in restored.user(user.id).texts]
            recovery = time.monotonic() - started
    due = {_text(p, n) for p in users for n in range(each)} - sent_in_copy
    run = FaultRun(
        f"admin backup while sending {people * each} (restored)", round(ended - began, 2)
    )
    run.due = len(due)
    run.after = len(due & set(resent))
    run.lost = len(due - set(resent))
    run.duplicated = len(sent_by_copy_end & set(resent))
    run.recovery_seconds = recovery
    run.warnings = _warnings(records)
    facts: dict[str, object] = {
        "integrity": integrity(copy),
        "counts": counted,
        "copy counts": {table: count(copy, f"SELECT COUNT(*) FROM {table}") for table in TABLES},
        "sent live": sent_live,
        "sent in copy": len(sent_in_copy),
        "sent again though recorded": len(sent_in_copy & set(resent)),
        "resent twice": len(resent) - len(set(resent)),
        "in flight in copy": len(in_flight),
        "total": people * each,
        "copy mode": copy.stat().st_mode & 0o777,
    }
    return run, facts
