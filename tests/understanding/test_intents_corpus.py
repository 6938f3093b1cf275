"""What people type, per role, reaches the intended intent at least 90% of the time."""

from __future__ import annotations

import pytest

from tests.understanding.corpus import intent_cases, score_intents

MIN_RIGHT = 0.90


@pytest.mark.parametrize("role", ["peer", "psf", "nurse"])
def test_intents_per_role(role: str) -> None:
    cases = intent_cases()[role]
    assert len(cases) >= 300
    score = score_intents(role, cases)
    print("\n" + score.report())  # noqa: T201
    assert score.accuracy >= MIN_RIGHT, score.report()
