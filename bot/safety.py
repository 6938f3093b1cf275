"""Spotting messages that sound like an emergency, so the numbers to call come first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@lru_cache(maxsize=8)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(p.lower().translate(_APOSTROPHES)) for p in phrases), key=len)
    return re.compile(r"\b(?:" + "|".join(reversed(alternatives)) + r")\b")


def mentions_emergency(text: str, phrases: Iterable[str]) -> bool:
    """Whether `text` contains any of the configured emergency phrases (whole words)."""
    wanted = tuple(p for p in phrases if p.strip())
    if not wanted or not text:
        return False
    normalised = " ".join(text.lower().translate(_APOSTROPHES).split())
    return _pattern(wanted).search(normalised) is not None
