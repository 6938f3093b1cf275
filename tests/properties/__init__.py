"""Property-based tests (hypothesis) of every parser of outside input. Kept quick for
`make test`: a bounded number of examples each; run with HYPOTHESIS_PROFILE=thorough for more."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "quick", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

ROUND_TRIPS = settings(max_examples=25)  # the valid cases are narrower: fewer suffice
