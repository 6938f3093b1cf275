"""The life-cycle sweep step at the study's scale.

Seeds the same programme as bench/export.py (65 groups, 106 PSFs, 652 peers, 12 meetings a
group with attendance) and times the step the sweeper runs every minute, one transaction per
group (bot/lifecycle/deliveries.py `arrange_due_groups`): the first run after a year (every
group looked at, every stage change and question queued at once) and the steady state after it
(nothing changed, so no group is looked at). The figure that
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
from bot.lifecycle.deliveries import arrange_due_groups
from bot.storage import Database

TARGET_SECONDS = 0.05  # the longest a tap may wait for one group's transaction


async def one_pass(db: Database, settings: Settings) -> tuple[float, float, int, int]:
    """What the sweep does. Total seconds, longest transaction, rows queued, groups looked at."""
    started = time.perf_counter()
    took: list[float] = []
    queued = await arrange_due_groups(db, settings, EXPORT_AT, took=took)
    return time.perf_counter() - started, max(took, default=0.0), queued, len(took)


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
    (total, longest, queued, looked), *steady = runs
    print(
        f"life-cycle step, first run after a year: {total:.2f} s for {looked} groups, longest "
        f"transaction {longest * 1000:.0f} ms ({queued} messages queued)"
    )
    total = max(r[0] for r in steady)
    longest = max(r[1] for r in steady)
    looked = max(r[3] for r in steady)
    print(
        f"life-cycle step, steady state: {total * 1000:.1f} ms in all, {looked} groups looked at, "
        f"longest transaction {longest * 1000:.0f} ms (target {TARGET_SECONDS * 1000:.0f} ms)"
    )
    return 0 if longest <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
