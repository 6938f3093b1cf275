"""The life-cycle sweep step at the study's scale.

Seeds the same programme as bench/export.py (65 groups, 106 PSFs, 652 peers, 12 meetings a
group with attendance) and times the step the sweeper runs every minute, one transaction per
group as bot/lifecycle/deliveries.py does: the first run after a year (every stage change and
question queued at once) and the steady state after it (nothing new to do). The figure that
matters to users is the longest transaction: a tap waits at most that long for the database.

Run: .venv/bin/python bench/lifecycle.py   (exits 1 if a steady-state transaction takes over
50 ms)
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from export import EXPORT_AT, seed

from bot.config import Settings
from bot.lifecycle.rules import arrange_group
from bot.storage import Database

TARGET_SECONDS = 0.05  # the longest a tap may wait for one group's transaction


async def one_pass(db: Database, settings: Settings) -> tuple[float, float, int]:
    """What the sweep does: each group in its own transaction. Total, longest, queued."""
    started = time.perf_counter()
    async with db.read() as repos:
        groups = await repos.programme.groups()
    longest, queued = 0.0, 0
    for group in groups:
        begun = time.perf_counter()
        async with db.transaction() as repos:
            queued += await arrange_group(repos, group, settings, EXPORT_AT)
        longest = max(longest, time.perf_counter() - begun)
    return time.perf_counter() - started, longest, queued


async def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        await seed(path)
        db = Database(path)
        await db.open()
        settings = Settings.model_construct()
        try:
            runs = [await one_pass(db, settings) for _ in range(3)]
        finally:
            await db.close()
    (total, longest, queued), *steady = runs
    print(
        f"life-cycle step, first run after a year: {total:.2f} s, longest transaction "
        f"{longest * 1000:.0f} ms ({queued} messages queued)"
    )
    total = max(r[0] for r in steady)
    longest = max(r[1] for r in steady)
    print(
        f"life-cycle step, steady state: {total:.2f} s in all, longest transaction "
        f"{longest * 1000:.0f} ms (target {TARGET_SECONDS * 1000:.0f} ms)"
    )
    return 0 if longest <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
