"""Understanding what people type: the emergency detector and the intents, on the corpora.

Prints recall and false alarms per kind on tests/understanding/safety_corpus.yaml, intent
accuracy per role on tests/understanding/intent_corpus.yaml, and the time per message of the
safety check and the intent together (what the bot does for every typed message) over 10,000
messages drawn from both corpora with replacement (fixed seed), each seen for the first time
(the caches are cleared), so the figure is not flattered by repeats.

Run: .venv/bin/python bench/understanding.py   (a few seconds; exits 1 if a target is missed:
recall ≥ 95%, false alarms ≤ 10%, intents ≥ 90% per role, p99 < 1 ms)
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.understanding import intents, normalise, safety
from tests.understanding.corpus import (
    intent_cases,
    safety_cases,
    score_intents,
    score_safety,
)

SEED = 20261129
MESSAGES = 10_000
TARGET_RECALL = 0.95
TARGET_FALSE_ALARMS = 0.10
TARGET_INTENTS = 0.90
TARGET_P99_MICROSECONDS = 1_000


def _clear_message_caches() -> None:
    """Forget whole messages (not per-word lemmas: the bot keeps those warm)."""
    safety._assess.cache_clear()
    intents._understand.cache_clear()
    normalise.normalise.cache_clear()


def timings(texts: list[tuple[str, str]]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU time per message, in µs (CPU time leaves out other processes)."""
    wall: list[float] = []
    cpu: list[float] = []
    for text, role in texts:
        _clear_message_caches()
        started, started_cpu = time.perf_counter_ns(), time.thread_time_ns()
        if safety.assess(text) is None:
            intents.understand(text, role)
        cpu.append((time.thread_time_ns() - started_cpu) / 1e3)
        wall.append((time.perf_counter_ns() - started) / 1e3)
    return wall, cpu


def main() -> int:
    ok = True
    score = score_safety(safety_cases())
    print("Safety check on the corpus")
    print(score.report().split("\n  ")[0])
    print(
        f"targets: recall ≥ {TARGET_RECALL:.0%}, false alarms ≤ {TARGET_FALSE_ALARMS:.0%} "
        f"→ {'met' if score.recall >= TARGET_RECALL else 'MISSED'} / "
        f"{'met' if score.false_alarm_rate <= TARGET_FALSE_ALARMS else 'MISSED'}"
    )
    ok &= score.recall >= TARGET_RECALL and score.false_alarm_rate <= TARGET_FALSE_ALARMS

    print("\nIntents per role")
    by_role = intent_cases()
    for role, cases in by_role.items():
        result = score_intents(role, cases)
        met = result.accuracy >= TARGET_INTENTS
        ok &= met
        print(
            f"{role:<6} {result.accuracy:6.1%} right of {result.total} "
            f"(target ≥ {TARGET_INTENTS:.0%}: {'met' if met else 'MISSED'})"
        )

    rng = random.Random(SEED)
    pool = [(c.text, "peer") for c in safety_cases()]
    pool += [(text, role) for role, cases in by_role.items() for text, _ in cases]
    sample = [rng.choice(pool) for _ in range(MESSAGES)]
    normalise.warm_up()  # the bot loads the lemma dictionary at start
    timings(sample[:200])
    wall, cpu = timings(sample)
    print(f"\nSafety check + intent, {MESSAGES:,} different messages, caches cleared each time:")
    for name, spent in (("CPU time", cpu), ("wall clock", wall)):
        p50, p99 = statistics.median(spent), statistics.quantiles(spent, n=100)[98]
        print(f"  {name:<10} p50 {p50:5.0f} µs, p99 {p99:5.0f} µs, max {max(spent):6.0f} µs")
    p99_cpu = statistics.quantiles(cpu, n=100)[98]
    met = p99_cpu < TARGET_P99_MICROSECONDS
    ok &= met
    print(
        f"target: p99 < {TARGET_P99_MICROSECONDS} µs of CPU time: {'met' if met else 'MISSED'} "
        "(wall clock also counts other processes on this shared machine)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
