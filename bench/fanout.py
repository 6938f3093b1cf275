"""Reminder fan-out: N members each due one reminder at the same minute, sent by the real bot.

The benchmark seeds a database (groups of 10 members, one meeting each tomorrow, one day-before
reminder row per member due now in real time), starts the local Bot API server on 127.0.0.1
with Telegram's flood limits switched on (30 messages/s overall, one chat at about 1/s), and
runs the bot as a separate process: `python -m bot run` with TELEGRAM_API_URL pointing at the
server. It reads what arrived from the server's own record of calls.

With --kill the bot is SIGKILLed once a third of the reminders have arrived and started again
on the same database; lost must be 0 and duplicates at most the messages in flight (the
delivery engine sends 8 at a time).

Run: .venv/bin/python bench/fanout.py                 (N = 650, plain and killed: about a minute)
     .venv/bin/python bench/fanout.py --full          (N = 650 and 5,000: about 7 minutes at 30/s)
Ctrl-C stops the bot it started and removes its temporary folder.
Target: at least 90% of the 30/s limit, 0 lost. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.devserver import FakeTelegram, Limits, LocalBotApiServer
from bot.meetings import rules as meetings
from bot.models import Role
from bot.storage import Database

TOKEN = "424242:BENCH-fanout"
LIMIT_PER_SECOND = 30.0
TARGET_RATIO = 0.90
GROUP_SIZE = 10
FIRST_TELEGRAM_ID = 100_000
IN_FLIGHT = 8  # the delivery engine's concurrency: sends at most this many at once
KILL_AT = 1 / 3


@dataclass
class Result:
    members: int
    killed: bool
    delivered: int
    lost: int
    duplicated: int
    seconds: float
    too_many_requests: int
    restarts: int
    claimed_at_kill: int = 0  # rows the killed bot had claimed ('sending') and not finished
    downtime: float = 0.0  # the longest silence between two reminders (the restart)

    @property
    def per_second(self) -> float:
        return (self.delivered + self.duplicated) / self.seconds if self.seconds else 0.0

    @property
    def ratio(self) -> float:
        return self.per_second / LIMIT_PER_SECOND


async def seed(path: Path, members: int) -> None:
    """Groups of ten, one meeting each tomorrow, one reminder per member due a second ago."""
    now = datetime.now(UTC).replace(microsecond=0)
    database = Database(path)
    await database.open()
    try:
        async with database.transaction() as repos:
            area = await repos.programme.add_area(
                name="Bench", slug="bench", timezone="Europe/London", now=now
            )
            joined = now - timedelta(days=1)
            for start in range(0, members, GROUP_SIZE):
                group = await repos.programme.add_group(
                    name=f"Group {start // GROUP_SIZE + 1}",
                    area_id=area.id,
                    venue=None,
                    start_date=None,
                    now=joined,
                )
                venue = await repos.meetings.add_venue(
                    group_id=group.id,
                    name="Village Hall",
                    address="Church Street",
                    notes="",
                    created_by=None,
                    now=joined,
                )
                starts = now + timedelta(hours=26)
                meeting = await repos.meetings.add(
                    group_id=group.id,
                    plan_id=None,
                    venue_id=venue.id,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=90),
                    now=joined,
                )
                for number in range(start, min(start + GROUP_SIZE, members)):
                    person = await repos.people.add(
                        display_name=f"Member {number}",
                        telegram_id=FIRST_TELEGRAM_ID + number,
                        now=joined,
                    )
                    await repos.people.record_consent(person.id, 1, joined)
                    await repos.people.join_group(
                        group_id=group.id, person_id=person.id, role=Role.PEER, now=joined
                    )
                    await repos.meetings.mark_joiner(group.id, person.id, joined)
                    await repos.reminders.arm(
                        kind=meetings.REMINDER,
                        person_id=person.id,
                        subject_id=meeting.id,
                        variant="1d",
                        due_at=now - timedelta(seconds=1),
                    )
    finally:
        await database.close()


def claimed(path: Path) -> int:
    """Rows a killed bot left claimed: sent or about to be, not yet recorded as sent."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        row = connection.execute("SELECT COUNT(*) FROM deliveries WHERE state = 'sending'")
        return int(row.fetchone()[0])


def start_bot(workdir: Path, api_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api_url,
        "DATABASE_PATH": str(workdir / "bench.sqlite3"),
        "CONTENT_DIR": str(Path(__file__).resolve().parent.parent / "content"),
        "SWEEP_INTERVAL_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
        # Whatever the hour the benchmark runs at, the reminders are not held for the morning.
        "QUIET_HOURS_START": "00:00",
        "QUIET_HOURS_END": "00:00",
    }
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=workdir,  # no .env here: only the settings above
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            # Its own session: Ctrl-C reaches this script only, which stops the bot itself.
            start_new_session=True,
        )


class Arrivals:
    """Reminders the server accepted, per chat, read from its record a few new calls at a time
    (rescanning the whole record would stall the server's event loop and distort the figures)."""

    def __init__(self, telegram: FakeTelegram) -> None:
        self._telegram = telegram
        self._read = 0
        self.per_chat: Counter[int] = Counter()
        self.first: float | None = None
        self.last: float | None = None
        self.too_many_requests = 0
        self.longest_gap = 0.0

    def update(self) -> int:
        calls = self._telegram.calls
        for call in calls[self._read :]:
            if call.status == 429:
                self.too_many_requests += 1
            if call.method != "sendMessage" or call.status != 200:
                continue
            if "Reminder" in call.params["text"]:
                self.per_chat[call.params["chat_id"]] += 1
                if self.last is not None:
                    self.longest_gap = max(self.longest_gap, call.at_monotonic - self.last)
                self.first = call.at_monotonic if self.first is None else self.first
                self.last = call.at_monotonic
        self._read = len(calls)
        return len(self.per_chat)


async def run(members: int, *, kill: bool, limit_seconds: float) -> Result:
    with tempfile.TemporaryDirectory(prefix="peer-circle-fanout-") as tmp:
        workdir = Path(tmp)
        await seed(workdir / "bench.sqlite3", members)
        telegram = FakeTelegram(token=TOKEN, limits=Limits(flood=True))
        for number in range(members):
            telegram.user(FIRST_TELEGRAM_ID + number).has_chat = True
        async with LocalBotApiServer(telegram) as server:
            log = workdir / "bot.log"
            process = start_bot(workdir, server.base_url, log)
            restarts = 0
            claimed_at_kill = 0
            arrivals = Arrivals(telegram)
            deadline = time.monotonic() + limit_seconds
            try:
                while time.monotonic() < deadline:
                    await asyncio.sleep(0.25)
                    arrived = arrivals.update()
                    if arrived >= members:
                        await asyncio.sleep(1.0)  # let anything still in flight land
                        break
                    if kill and restarts == 0 and arrived >= members * KILL_AT:
                        process.send_signal(signal.SIGKILL)
                        process.wait()
                        claimed_at_kill = claimed(workdir / "bench.sqlite3")
                        restarts += 1
                        process = start_bot(workdir, server.base_url, log)
                    if process.poll() is not None:
                        raise RuntimeError(f"the bot stopped; see its log:\n{log.read_text()}")
            finally:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        arrivals.update()
        delivered = len(arrivals.per_chat)
        return Result(
            members=members,
            killed=kill,
            delivered=delivered,
            lost=members - delivered,
            duplicated=sum(arrivals.per_chat.values()) - delivered,
            seconds=(arrivals.last or 0.0) - (arrivals.first or 0.0),
            too_many_requests=arrivals.too_many_requests,
            restarts=restarts,
            claimed_at_kill=claimed_at_kill,
            downtime=arrivals.longest_gap,
        )


def report(result: Result) -> bool:
    """Print one line; True if the targets are met."""
    kind = "SIGKILL at 1/3, restart" if result.killed else "uninterrupted"
    ok = result.lost == 0 and (
        result.duplicated <= IN_FLIGHT if result.killed else result.duplicated == 0
    )
    if not result.killed:
        ok = ok and result.ratio >= TARGET_RATIO
    killed = (
        f"  claimed at the kill {result.claimed_at_kill}, restart gap {result.downtime:.1f} s"
        if result.killed
        else ""
    )
    print(
        f"N={result.members:>5}  {kind:<24} {result.per_second:5.1f} msg/s "
        f"= {result.ratio:4.0%} of 30/s  in {result.seconds:6.1f} s  "
        f"lost {result.lost}  duplicated {result.duplicated} (in flight ≤ {IN_FLIGHT})  "
        f"429s {result.too_many_requests}{killed}  {'OK' if ok else 'MISSED'}",
        flush=True,
    )
    return ok


async def main(sizes: list[int], modes: list[bool]) -> int:
    ok = True
    for members in sizes:
        for kill in modes:
            limit = members / LIMIT_PER_SECOND * 3 + 60
            ok = report(await run(members, kill=kill, limit_seconds=limit)) and ok
    return 0 if ok else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None, help="members, comma-separated")
    parser.add_argument(
        "--full", action="store_true", help="the national-scale runs too (N = 650 and 5,000)"
    )
    parser.add_argument(
        "--mode", choices=("both", "plain", "kill"), default="both", help="which runs to do"
    )
    return parser.parse_args()


if __name__ == "__main__":
    args = parse_args()
    chosen = {"both": [False, True], "plain": [False], "kill": [True]}[args.mode]
    sizes = args.sizes or ("650,5000" if args.full else "650")
    try:
        sys.exit(asyncio.run(main([int(n) for n in sizes.split(",")], chosen)))
    except KeyboardInterrupt:
        print("\nStopped: the bot was stopped and its temporary folder removed.")
        sys.exit(130)
