"""`make bench`: run every benchmark script in bench/, one after another, each with a time limit.

Each script prints its own figures and exits non-zero if it missed its target. A script that
runs past its limit is stopped and counted as failed, so `make bench` always ends.

Run: .venv/bin/python bench/run_all.py [--limit SECONDS]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_LIMIT_SECONDS = 20 * 60  # the fan-out benchmark needs about 7 minutes at 30 msg/s


def scripts() -> list[Path]:
    return sorted(path for path in BENCH_DIR.glob("*.py") if path.name != Path(__file__).name)


def run(script: Path, limit: float) -> tuple[str, float]:
    started = time.monotonic()
    print(f"\n=== {script.name} ===", flush=True)
    try:
        completed = subprocess.run(
            [sys.executable, str(script)], cwd=BENCH_DIR.parent, timeout=limit, check=False
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
    limit = parser.parse_args().limit
    results = [(script.name, *run(script, limit)) for script in scripts()]
    print("\n=== summary ===")
    for name, outcome, seconds in results:
        print(f"{name:<20} {outcome:<24} {seconds:7.1f} s")
    return 0 if all(outcome == "ok" for _, outcome, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
