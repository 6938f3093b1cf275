"""The emergency detector on the realistic corpus: recall first, then false alarms."""

from __future__ import annotations

import pytest

from tests.understanding.corpus import NONE, safety_cases, score_safety

MIN_RECALL = 0.95
MAX_FALSE_ALARMS = 0.10
MIN_KIND_RIGHT = 0.85
MIN_SELF_RIGHT = 0.85


@pytest.fixture(scope="module")
def score():  # type: ignore[no-untyped-def]
    result = score_safety(safety_cases())
    print("\n" + result.report())  # noqa: T201
    return result


def test_the_corpus_is_big_and_balanced() -> None:
    cases = safety_cases()
    emergencies = [c for c in cases if c.kind != NONE]
    assert len(cases) >= 400
    assert 0.4 <= len(emergencies) / len(cases) <= 0.6
    kinds = {c.kind for c in emergencies}
    assert len(kinds) == 11  # every kind, OTHER included
    assert all(c.about_self is not None for c in emergencies)


def test_recall(score) -> None:  # type: ignore[no-untyped-def]
    misses = "\n".join(f"[{c.kind}] {c.text}" for c in score.misses)
    assert score.recall >= MIN_RECALL, f"recall {score.recall:.1%}; missed:\n{misses}"


def test_false_alarms(score) -> None:  # type: ignore[no-untyped-def]
    alarms = "\n".join(f"[{kind}] {text}" for text, kind in score.false_alarms)
    assert score.false_alarm_rate <= MAX_FALSE_ALARMS, alarms


def test_kinds_are_mostly_right(score) -> None:  # type: ignore[no-untyped-def]
    assert score.kind_share >= MIN_KIND_RIGHT


def test_who_is_in_danger_is_mostly_right(score) -> None:  # type: ignore[no-untyped-def]
    assert score.self_share >= MIN_SELF_RIGHT
