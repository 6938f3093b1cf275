"""`admin backup` while the bot is busy sending: the copy is one consistent moment (sound,
with every row it should have), and a bot restored from it sends everything that was still due
at that moment — nothing is lost."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from bot.delivery import schedule_notice
from bot.messages import OutMessage
from bot.ratelimit import FloodLimiter
from tests.builders import Programme
from tests.faults.machine import count, integrity
from tests.harness import CONTENT_DIR, BotHarness

PEOPLE = 40
EACH = 10  # notices per person: 400 in all, sent at 100 a second
RATE = 100.0


def _text(person_id: int, number: int) -> str:
    return f"Notice {number} for {person_id}"


# `python -m bot admin backup TARGET` in a process of its own, as a coordinator would run it;
# it loads first and waits to be told, so the copy is taken while the bot is busy.
_BACKUP_WHEN_TOLD = """
import sys
from bot.cli import cli
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


async def _backup_now(process: asyncio.subprocess.Process) -> None:
    output, _ = await process.communicate(b"go\n")
    assert process.returncode == 0, output.decode()
    assert b"Backed up to" in output


async def test_backup_while_sending_is_consistent_and_restoring_it_loses_nothing(
    tmp_path: Path,
) -> None:
    live_dir, restored_dir = tmp_path / "live", tmp_path / "restored"
    live_dir.mkdir()
    restored_dir.mkdir()
    copy = tmp_path / "backups" / "copy.sqlite3"
    limiter = FloodLimiter(overall_per_second=RATE, chat_burst=1000)
    async with BotHarness.fast(live_dir, rate_limiter=limiter) as bot:
        world = await Programme.build(bot, psfs=0, peers=PEOPLE, with_nurse=False)
        people = {world.person_id(user): user for user in world.peers}
        async with bot.services.db.transaction() as repos:
            for person_id in people:
                for number in range(EACH):
                    await schedule_notice(
                        repos,
                        person_id=person_id,
                        message=OutMessage(_text(person_id, number)),
                        due_at=bot.clock.now(),
                        key=f"n{number}",
                    )
        copy.parent.mkdir()
        backup = await _start_backup(bot.services.db.path, copy)
        sending = asyncio.create_task(bot.services.sweep())
        await world.peers[0].wait_for(3, timeout=10)  # well under way, far from done
        await _backup_now(backup)
        await sending
        live = bot.services.db.path
        tables = ["people", "groups", "memberships", "meetings", "deliveries", "invites"]
        counted = {table: count(live, f"SELECT COUNT(*) FROM {table}") for table in tables}
        sent_live = {text for user in world.peers for text in user.texts}
    assert len(sent_live) == PEOPLE * EACH

    # The copy: sound, every row there, taken in the middle of the sending.
    assert integrity(copy) == "ok"
    for table, rows in counted.items():
        assert count(copy, f"SELECT COUNT(*) FROM {table}") == rows, table
    sent_in_copy = count(copy, "SELECT COUNT(*) FROM deliveries WHERE state = 'sent'")
    assert 0 < sent_in_copy < PEOPLE * EACH, "the copy is to be taken in the middle of sending"
    assert oct(copy.stat().st_mode & 0o777) == oct(0o600)

    # Restored: whatever the copy had not recorded as sent goes now; nothing is lost.
    restored_db = restored_dir / "peer-circle.sqlite3"
    restored_db.write_bytes(copy.read_bytes())
    async with BotHarness.fast(restored_dir, rate_limiter=limiter) as restored:
        for user in people.values():
            restored.user(user.id, user.first_name).has_chat = True
        await restored.sweep()
        resent = [
            text
            for user_id in (u.id for u in people.values())
            for text in restored.user(user_id).texts
        ]
    assert len(resent) == PEOPLE * EACH - sent_in_copy
    assert count(restored_db, "SELECT COUNT(*) FROM deliveries WHERE state = 'sent'") == (
        PEOPLE * EACH
    )
    # Everything is covered: recorded as sent in the copy, or sent by the restored bot.
    sent_before = {_text(person_id, int(variant[1:])) for person_id, variant in _sent_rows(copy)}
    assert sent_before | set(resent) == sent_live
    assert not sent_before & set(resent)


def _sent_rows(path: Path) -> list[tuple[int, str]]:
    with closing(sqlite3.connect(path)) as connection:
        return [
            (int(person_id), str(variant))
            for person_id, variant in connection.execute(
                "SELECT person_id, variant FROM deliveries WHERE state = 'sent' AND kind = 'notice'"
            )
        ]
