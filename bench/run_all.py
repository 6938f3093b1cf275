"""`make bench`: run every benchmark script in bench/, one after another, each with a time limit.

Each script prints its own figures and exits non-zero if it missed its target. A script that
runs past its limit is stopped and counted as failed, so `make bench` always ends.

The default run is quick: bench/scale.py builds 1,000 and 10,000 groups. `--full` adds the
national programme (100,000 groups) to the scripts that take it.

Run: .venv/bin/python bench/run_all.py [--limit SECONDS] [--full]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_LIMIT_SECONDS = 20 * 60  # the fan-out benchmark needs about 7 minutes at 30 msg/s
# Scripts with a national-scale run behind their own --full.
TAKES_FULL = frozenset({"scale.py"})


def scripts() -> list[Path]:
    return sorted(path for path in BENCH_DIR.glob("*.py") if path.name != Path(__file__).name)


def run(script: Path, limit: float, *, full: bool = False) -> tuple[str, float]:
    started = time.monotonic()
    print(f"\n=== {script.name} ===", flush=True)
    extra = ["--full"] if full and script.name in TAKES_FULL else []
    try:
        completed = subprocess.run(
            [sys.executable, str(script), *extra],
            cwd=BENCH_DIR.parent,
            timeout=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"stopped after {limit:.0f} s", time.monotonic() - started
    outcome = "ok" if completed.returncode == 0 else f"exit {completed.returncode}"
    return outcome, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark in bench/.")
    parser.add_argument(
        "--limit", type=float, default=DEFAULT_LIMIT_SECONDS, help="seconds per script"
    )
    parser.add_argument(
        "--full", action="store_true", help="national scale too (bench/scale.py: 100,000 groups)"
    )
    args = parser.parse_args()
    results = [(script.name, *run(script, args.limit, full=args.full)) for script in scripts()]
    print("\n=== summary ===")
    for name, outcome, seconds in results:
        print(f"{name:<20} {outcome:<24} {seconds:7.1f} s")
    return 0 if all(outcome == "ok" for _, outcome, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
