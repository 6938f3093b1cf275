"""`make bench`: run every benchmark script in bench/, one after another, each with a time limit.

Each script prints its own figures and exits non-zero if it missed its target. A script that
runs past its limit is stopped and counted as failed, so `make bench` always ends.

Run: .venv/bin/python bench/run_all.py [--full] [--limit SECONDS]
By default the runs take a few minutes (under 5); --full adds the national-scale ones. Ctrl-C
stops the running script, which stops what it started and removes its temporary folders.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_LIMIT_SECONDS = 4 * 60
FULL_LIMIT_SECONDS = 20 * 60  # the full fan-out benchmark needs about 7 minutes at 30 msg/s
# 100,000 groups: about 12 minutes to build, 10 for the first sweeps after the upgrade (once per
# build), 10 to measure (the export is 7 of them); 1,000 and 10,000 before it, 5 more.
FULL_LIMITS = {"scale.py": 75 * 60}
GRACE_SECONDS = 30  # for a stopped script to clean up before it is killed


def scripts() -> list[Path]:
    return sorted(path for path in BENCH_DIR.glob("*.py") if path.name != Path(__file__).name)


def run(script: Path, limit: float, extra: list[str]) -> tuple[str, float]:
    started = time.monotonic()
    print(f"\n=== {script.name} ===", flush=True)
    process = subprocess.Popen([sys.executable, str(script), *extra], cwd=BENCH_DIR.parent)
    try:
        code = process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        stop(process)
        return f"stopped after {limit:.0f} s", time.monotonic() - started
    except KeyboardInterrupt:
        # Ctrl-C reached the script too (same terminal): give it time to clean up.
        stop(process, interrupt=False)
        raise
    outcome = "ok" if code == 0 else f"exit {code}"
    return outcome, time.monotonic() - started


def stop(process: subprocess.Popen[bytes], *, interrupt: bool = True) -> None:
    """Ask a script to stop as Ctrl-C would (it cleans up), and kill it only if it won't."""
    if interrupt:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=GRACE_SECONDS)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        process.kill()
        process.wait()


def _options(name: str, full: bool) -> list[str]:
    """What each script is asked for: the quick run by default, the national one with --full."""
    if name == "scale.py":  # 10,000 groups take minutes to build: only with --full
        return ["--full"] if full else ["--sizes", "1000"]
    if name == "fanout.py" and full:
        return ["--full"]
    if name == "updates.py" and full:  # the national programme (a minute to build)
        return ["--groups", "10000"]
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark in bench/.")
    parser.add_argument("--full", action="store_true", help="the national-scale runs too")
    parser.add_argument("--limit", type=float, default=None, help="seconds per script")
    args = parser.parse_args()
    limit = args.limit or (FULL_LIMIT_SECONDS if args.full else DEFAULT_LIMIT_SECONDS)
    results = []
    try:
        for script in scripts():
            own = limit if args.limit or not args.full else FULL_LIMITS.get(script.name, limit)
            results.append((script.name, *run(script, own, _options(script.name, args.full))))
    except KeyboardInterrupt:
        print("\nStopped by Ctrl-C.")
    print("\n=== summary ===")
    for name, outcome, seconds in results:
        print(f"{name:<20} {outcome:<24} {seconds:7.1f} s")
    if len(results) < len(scripts()):
        return 130
    return 0 if all(outcome == "ok" for _, outcome, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
