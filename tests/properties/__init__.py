"""Property-based tests (hypothesis) of every parser of outside input.

`make test` runs a bounded number of examples each, derandomized: the same examples on every
run, so CI is reproducible. `make fuzz` runs thirty times as many, freshly random each time, to
look for new failures (add any it finds as an explicit test)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
SCALE = 30 if THOROUGH else 1

settings.register_profile(
    "quick",
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=60 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile("thorough" if THOROUGH else "quick")


def examples(count: int) -> settings:
    """`count` examples in `make test`, thirty times as many in `make fuzz`."""
    return settings(max_examples=count * SCALE)


ROUND_TRIPS = examples(25)  # the valid cases are narrower: fewer suffice
