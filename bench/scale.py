"""A national programme: how the bot's fixed costs grow with the size of the database.

Builds programmes of 1,000 and 10,000 groups (100,000 with --full): 10 members a group (2 PSFs,
8 peers), 100 groups an area with a nurse, 6 meetings a group (5 held over the past year, one
to come), and the year's history: every reminder, check-in prompt, feedback question, recap
and suggestion as a sent delivery row, each peer's answers, attendance, each PSF's check-in,
peers' feedback, a concern with its steps and a topic idea per group. The schema comes from the
project's own migrations (the bot opens the file first); the rows go in with executemany in one
transaction, so the build takes seconds, not minutes.

Once per built database, the first sweeps after the upgrade (the seeded programme marks what
migrations 0011-0016 mark on a real upgrade) are run and timed; the database is kept settled
beside a `.settled.json` of those figures. Then, for each size, a fresh process (so memory is the
bot's own) runs the real Application on the in-process recording request (tests/fakes) with a
manual clock, and prints:
- database size;
- start to first poll: from building the Application to its first getUpdates;
- resident memory once started (VmRSS) and its peak (VmHWM);
- idle sweep: a whole sweep with nothing due, median of 5 (wall and CPU time);
- the move: 500 groups' next meetings move to tomorrow; the sweep after it (their recaps,
  suggestions, life cycle and oversight), CPU by step;
- due sweep: the clock moves on and those 5,000 day-before reminders fall due (send limits
  lifted): CPU per reminder and SQL statements per reminder, beside a bare PTB `send_message`
  of the same messages on the same recording request (what a send costs before any of the
  bot's own work);
- export: `admin export`'s work (snapshot, every table, the CSV files).

Run: .venv/bin/python bench/scale.py            (1,000 and 10,000 groups, a few minutes)
     .venv/bin/python bench/scale.py --full     (and 100,000 groups)
     .venv/bin/python bench/scale.py --sizes 1000 --keep /tmp/scale  (keep the databases)
Targets: idle sweep < 50 ms and within 2x of the smallest size; start < 3 s; memory < 200 MB;
CPU per reminder < 1 ms; export linear. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fakes.programme import (  # noqa: E402
    NOW,
    PEERS,
    PSFS,
    EveryoneHasAChat,
    build,
    db_time,
)

_t = db_time

DUE_REMINDERS = 5_000
BARE_SENDS = 2_000
IDLE_RUNS = 5
CATCH_UP_SWEEPS = 500
QUICK_SWEEP_S = 0.5
CONTENT_DIR = ROOT / "content"
DEFAULT_SIZES = (1_000, 10_000)
FULL_SIZES = (1_000, 10_000, 100_000)

IDLE_TARGET_MS = 50.0
IDLE_FLATNESS = 2.0
START_TARGET_S = 3.0
MEMORY_TARGET_MB = 200.0
CPU_PER_REMINDER_TARGET_MS = 1.0


# --- measuring (in a fresh process per size) -----------------------------------------------


def _memory_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process, in MB."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            name, amount = line.split(":")
            values[name] = int(amount.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _measure(path: Path, groups: int, *, settle: bool = False) -> dict[str, Any]:  # noqa: PLR0915
    from bot.app import build_application, running  # noqa: PLC0415
    from bot.clock import ManualClock  # noqa: PLC0415
    from bot.config import Settings  # noqa: PLC0415
    from bot.ratelimit import FloodLimiter  # noqa: PLC0415
    from tests.fakes.recording_request import RecordingRequest  # noqa: PLC0415

    class FirstPoll(RecordingRequest):
        """Notes when the first getUpdates goes out (the fake records it only once answered)."""

        first_poll: float | None = None

        async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
            if self.first_poll is None and url.endswith("/getUpdates"):
                self.first_poll = time.perf_counter()
            return await super().do_request(url, method, *args, **kwargs)

    size = path.stat().st_size  # noqa: ASYNC240 - before the bot starts
    result: dict[str, Any] = {"groups": groups, "db_mb": size / 1e6}
    clock = ManualClock(NOW)
    telegram = EveryoneHasAChat(clock=clock.now)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=telegram.token,
        database_path=path,
        content_dir=CONTENT_DIR,
        sweep_interval_seconds=3600,
    )
    started = time.perf_counter()
    cpu_started = _cpu()
    app = build_application(
        settings,
        clock=clock,
        request=(request := FirstPoll(telegram)),
        rate_limiter=FloodLimiter(overall_per_second=1e9, chat_burst=10**9),
    )
    async with running(app) as services:
        while request.first_poll is None:  # noqa: ASYNC110
            await asyncio.sleep(0.001)
        result["start_s"] = request.first_poll - started
        result["start_cpu_s"] = _cpu() - cpu_started
        result["rss_mb"], _ = _memory_mb()
        step_cpu = _time_steps(services.sweeper)
        # Whatever the seeded year left to do today goes first. The steps work through a
        # backlog a batch at a time (a tap waits for one batch at most), so this takes as many
        # sweeps as it needs: until one is quick.
        started, cpu_started, sent, sweeps = time.perf_counter(), _cpu(), 0, 0
        while sweeps < CATCH_UP_SWEEPS:
            one = time.perf_counter()
            catch_up = await services.sweep()
            sweeps += 1
            sent += getattr(catch_up.get("deliveries"), "sent", 0) or 0
            if time.perf_counter() - one < QUICK_SWEEP_S:
                break
        result["catch_up_s"] = time.perf_counter() - started
        result["catch_up_cpu_s"] = _cpu() - cpu_started
        result["catch_up_sent"] = sent
        result["catch_up_sweeps"] = sweeps
        if settle:
            return result
        walls, cpus = [], []
        for _ in range(IDLE_RUNS):
            started, cpu_started = time.perf_counter(), _cpu()
            await services.sweep()
            walls.append(time.perf_counter() - started)
            cpus.append(_cpu() - cpu_started)
        result["idle_ms"] = statistics.median(walls) * 1000
        result["idle_cpu_ms"] = statistics.median(cpus) * 1000
        result["idle_runs_ms"] = [round(w * 1000, 1) for w in walls]
        idle_statements: list[str] = []
        conn = services.db._require()
        await conn.set_trace_callback(idle_statements.append)
        await services.sweep()
        await conn.set_trace_callback(None)
        result["idle_slowest"] = _slowest_reads(path, idle_statements)
        # The next meetings of 500 groups move to tomorrow, ten minutes past this hour: their
        # 5,000 day-before reminders fall due in ten minutes. The sweep right after the move
        # does the move's own work (recaps, suggestions, life cycle, oversight of those groups);
        # then the clock moves on and the measured sweep is the one the reminders fall due in.
        due_groups = DUE_REMINDERS // (PSFS + PEERS)
        meeting_starts = NOW + timedelta(days=1, minutes=10)
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        try:
            conn.execute("BEGIN IMMEDIATE")
            future = conn.execute(
                "SELECT id, group_id FROM meetings WHERE starts_at > ? ORDER BY group_id LIMIT ?",
                (_t(NOW), due_groups),
            ).fetchall()
            conn.executemany(
                "UPDATE meetings SET starts_at = ?, ends_at = ? WHERE id = ?",
                [
                    (_t(meeting_starts), _t(meeting_starts + timedelta(minutes=90)), m)
                    for m, _ in future
                ],
            )
            conn.executemany(
                "UPDATE deliveries SET due_at = ?, state = 'pending' WHERE kind = 'reminder' "
                "AND subject_id = ? AND variant = '1d'",
                [(_t(meeting_starts - timedelta(days=1)), m) for m, _ in future],
            )
            conn.executemany(
                "UPDATE deliveries SET state = 'sent' WHERE kind = 'reminder' "
                "AND subject_id = ? AND variant = '7d'",
                [(m,) for m, _ in future],
            )
            conn.execute("COMMIT")
        finally:
            conn.close()
        sent_before = sum(1 for call in telegram.calls if call.method == "sendMessage")
        step_cpu.clear()
        started, cpu_started = time.perf_counter(), _cpu()
        await services.sweep()
        result["moves_s"] = time.perf_counter() - started
        result["moves_cpu_s"] = _cpu() - cpu_started
        result["moves_sent"] = (
            sum(1 for call in telegram.calls if call.method == "sendMessage") - sent_before
        )
        clock.advance(timedelta(minutes=11))
        sent_before = sum(1 for call in telegram.calls if call.method == "sendMessage")
        result["moves_step_cpu_s"] = {name: round(cpu, 2) for name, cpu in step_cpu.items()}
        step_cpu.clear()  # a sweep the move woke may be running: it is counted too
        statements: list[str] = []
        conn = services.db._require()
        await conn.set_trace_callback(statements.append)  # list.append: a few ns a statement
        started, cpu_started = time.perf_counter(), _cpu()
        await services.sweep()
        wall, cpu = time.perf_counter() - started, _cpu() - cpu_started
        await conn.set_trace_callback(None)
        sent = sum(1 for call in telegram.calls if call.method == "sendMessage") - sent_before
        result["due_sent"] = sent
        result["due_s"] = wall
        result["due_cpu_s"] = cpu
        result["cpu_per_reminder_ms"] = cpu / max(sent, 1) * 1000
        result["statements_per_reminder"] = len(statements) / max(sent, 1)
        result["due_step_cpu_s"] = {name: round(cpu, 2) for name, cpu in step_cpu.items()}
        result["bare_ptb_ms"] = await _bare_ptb_send_ms(telegram)
        result["rss_after_mb"], result["peak_mb"] = _memory_mb()
    return result


def _slowest_reads(path: Path, statements: list[str], count: int = 3) -> list[list[Any]]:
    """The reads that take longest, each run again on its own connection (median of 5, µs):
    a statement that reads a share of the programme shows here as its time grows with the
    size, even when its query plan looks indexed."""
    timed = []
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        for sql in dict.fromkeys(statements):
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                conn.execute(sql).fetchall()
                runs.append(time.perf_counter() - started)
            timed.append([round(statistics.median(runs) * 1e6), " ".join(sql.split())[:100]])
    return sorted(timed, reverse=True)[:count]


def _time_steps(sweeper: Any) -> dict[str, float]:
    """Wraps each sweep step to add up its CPU time (the database thread's included)."""
    spent: dict[str, float] = {}

    def timed(name: str, step: Any) -> Any:
        async def run(services: Any) -> Any:
            started = _cpu()
            try:
                return await step(services)
            finally:
                spent[name] = spent.get(name, 0.0) + _cpu() - started

        return run

    sweeper._steps = [(name, timed(name, step)) for name, step in sweeper._steps]
    return spent


async def _bare_ptb_send_ms(telegram: Any) -> float:
    """CPU per `Bot.send_message` alone, on the same recording request and fake Telegram:
    the reminders just sent (text, buttons), sent again one after another with nothing else
    (no database, no rendering, no flood limiter)."""
    from telegram import (  # noqa: PLC0415
        Bot,
        InlineKeyboardButton,
        InlineKeyboardMarkup,
        LinkPreviewOptions,
    )

    from tests.fakes.recording_request import RecordingRequest  # noqa: PLC0415

    sent = [call.params for call in telegram.calls if call.method == "sendMessage"]
    sent = sent[-BARE_SENDS:]
    bot = Bot(telegram.token, request=RecordingRequest(telegram))
    async with bot:
        started = _cpu()
        for params in sent:
            markup = params.get("reply_markup") or {}
            keyboard = [
                [InlineKeyboardButton(b["text"], callback_data=b.get("callback_data")) for b in row]
                for row in markup.get("inline_keyboard", [])
            ]
            await bot.send_message(
                params["chat_id"],
                params["text"],
                parse_mode=params.get("parse_mode"),  # so Telegram's answer has the same entities
                reply_markup=InlineKeyboardMarkup(keyboard) if keyboard else None,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        cpu = _cpu() - started
    return cpu / max(len(sent), 1) * 1000


def _export_time(path: Path) -> dict[str, Any]:
    from bot.config import Settings  # noqa: PLC0415
    from bot.export.admin import make_export  # noqa: PLC0415

    settings = Settings(_env_file=None, database_path=path)  # type: ignore[call-arg]
    with tempfile.TemporaryDirectory(prefix="peer-circle-scale-export-") as out:
        started, cpu_started = time.perf_counter(), _cpu()
        counts = make_export(Path(out) / "export", settings, NOW, None, None)
        return {
            "export_s": time.perf_counter() - started,
            "export_cpu_s": _cpu() - cpu_started,
            "export_rows": sum(counts.values()),
        }


def measure(path: Path, groups: int, *, settle: bool = False) -> dict[str, Any]:
    """Measure in a fresh interpreter, so its memory is the bot's alone."""
    mode = "--settle" if settle else "--measure"
    completed = subprocess.run(
        [sys.executable, __file__, mode, str(path), "--groups", str(groups)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise RuntimeError(f"measuring {groups} groups failed")
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


# --- reporting -----------------------------------------------------------------------------


def report(results: list[dict[str, Any]]) -> bool:
    smallest = results[0]["idle_ms"]
    ok = True
    print()
    print(f"{'groups':>8} {'db MB':>7} {'start s':>12} {'RSS MB':>7} {'peak':>6} "
          f"{'idle ms (cpu)':>15} {'5,000 due s (cpu)':>18} {'ms cpu/rem':>10} "
          f"{'SQL/rem':>7} {'export s (cpu)':>15}")  # fmt: skip
    for r in results:
        print(
            f"{r['groups']:>8,} {r['db_mb']:>7.0f} "
            f"{r['start_s']:>5.2f} ({r['start_cpu_s']:.2f}) {r['rss_mb']:>7.0f} "
            f"{r['peak_mb']:>6.0f} {r['idle_ms']:>7.1f} ({r['idle_cpu_ms']:>5.1f}) "
            f"{r['due_s']:>9.2f} ({r['due_cpu_s']:>5.2f}) {r['cpu_per_reminder_ms']:>10.2f} "
            f"{r['statements_per_reminder']:>7.1f} "
            f"{r['export_s']:>7.1f} ({r['export_cpu_s']:>5.1f})"
        )
    for r in results:
        print(f"{r['groups']:>8,} groups: CPU per reminder {r['cpu_per_reminder_ms']:.2f} ms "
              f"(a bare PTB send on the stub: {r['bare_ptb_ms']:.2f} ms)")  # fmt: skip
        print(
            f"{'':>8}  due sweep CPU by step (s): "
            + ", ".join(f"{k} {v}" for k, v in r["due_step_cpu_s"].items())
        )
    for r in results:
        print(
            f"{r['groups']:>8,} groups: slowest reads of an idle sweep (µs): "
            + "; ".join(f"{us} {sql[:60]}" for us, sql in r.get("idle_slowest", []))
        )
    for r in results:
        print(f"{r['groups']:>8,} groups: the sweep after {DUE_REMINDERS // (PSFS + PEERS)} "
              f"meetings moved {r['moves_cpu_s'] * 1000:.0f} ms CPU "
              f"({r['moves_sent']:,} messages sent)")  # fmt: skip
        print(
            f"{'':>8}  by step (s): "
            + ", ".join(f"{k} {v}" for k, v in r["moves_step_cpu_s"].items())
        )
    for r in results:
        print(f"{r['groups']:>8,} groups: first sweeps after the upgrade (once) "
              f"{r['catch_up_s']:.1f} s ({r['catch_up_cpu_s']:.1f} s CPU), "
              f"{r.get('catch_up_sweeps', 1)} sweeps, "
              f"{r['catch_up_sent'] or 0:,} sent")  # fmt: skip
    for r in results:
        checks = {
            f"idle sweep < {IDLE_TARGET_MS:.0f} ms": r["idle_ms"] < IDLE_TARGET_MS,
            f"idle sweep within {IDLE_FLATNESS:.0f}x of the smallest": r["idle_ms"]
            <= max(smallest, 5.0) * IDLE_FLATNESS,
            f"start < {START_TARGET_S:.0f} s": r["start_s"] < START_TARGET_S,
            f"memory < {MEMORY_TARGET_MB:.0f} MB": r["peak_mb"] < MEMORY_TARGET_MB,
            f"CPU per reminder < {CPU_PER_REMINDER_TARGET_MS:.0f} ms": r["cpu_per_reminder_ms"]
            < CPU_PER_REMINDER_TARGET_MS,
            # The moved meetings bring their PSFs' recaps and suggestions too (6,966 in all).
            f"{DUE_REMINDERS:,} reminders sent": r["due_sent"] >= DUE_REMINDERS,
        }
        missed = [name for name, met in checks.items() if not met]
        if missed:
            ok = False
            print(f"{r['groups']:>8,} groups missed: {'; '.join(missed)}")
    if len(results) > 1:
        a, b = results[0], results[-1]
        per_group = [r["export_s"] / r["groups"] * 1000 for r in (a, b)]
        print(f"export per 1,000 groups: {per_group[0]:.2f} s at {a['groups']:,}, "
              f"{per_group[1]:.2f} s at {b['groups']:,}")  # fmt: skip
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also 100,000 groups")
    parser.add_argument("--sizes", help="comma-separated group counts (overrides --full)")
    parser.add_argument("--keep", type=Path, help="build (or reuse) the databases here")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--settle", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--groups", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.settle:
        print(json.dumps(asyncio.run(_measure(args.settle, args.groups, settle=True))))
        return 0
    if args.measure:
        result = asyncio.run(_measure(args.measure, args.groups))
        result.update(_export_time(args.measure))
        print(json.dumps(result))
        return 0
    sizes = (
        tuple(int(size) for size in args.sizes.split(","))
        if args.sizes
        else FULL_SIZES
        if args.full
        else DEFAULT_SIZES
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="peer-circle-scale-") as work:
        folder = args.keep or Path(work)
        folder.mkdir(parents=True, exist_ok=True)
        for groups in sizes:
            built = folder / f"scale-{groups}.sqlite3"
            settled = built.with_suffix(".settled.json")
            if not built.exists():
                settled.unlink(missing_ok=True)
                seconds = build(built, groups)
                print(f"built {groups:,} groups in {seconds:.1f} s "
                      f"({built.stat().st_size / 1e6:.0f} MB)", flush=True)  # fmt: skip
            if not settled.exists():
                # The seeded year marks every group's next meeting and every group's life cycle
                # and oversight to look at once, as migrations 0011-0013 do on a real upgrade:
                # the first sweep after that upgrade, timed once and kept with the database, so
                # each measurement starts from the steady state of a programme that is running.
                settled.write_text(json.dumps(measure(built, groups, settle=True)))
            first = json.loads(settled.read_text())
            # Measuring changes the database (the due sweep): measure a copy.
            copy = Path(work) / f"measured-{groups}.sqlite3"
            conn = sqlite3.connect(built)
            with sqlite3.connect(copy) as target:
                conn.backup(target)
            conn.close()
            result = measure(copy, groups)
            copy.unlink()
            result.update({k: v for k, v in first.items() if k.startswith("catch_up")})
            print(json.dumps(result), flush=True)
            results.append(result)
    return 0 if report(results) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the measuring interpreter got it too, and stops by itself
        print("\nStopped: the temporary databases were removed.")
        sys.exit(130)
