"""How times are written to and read from the database: UTC text that sorts correctly."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def to_db(when: datetime) -> str:
    """An aware datetime as UTC text; naive datetimes are refused (they hide bugs)."""
    if when.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return when.astimezone(UTC).strftime(_FORMAT)


@lru_cache(maxsize=65_536)  # the same times come back often (a meeting's start, an export)
def from_db(text: str) -> datetime:
    """UTC text from the database back to an aware datetime."""
    if len(text) == 20 and text[4::3] == "--T::Z":
        # The shape to_db writes (YYYY-MM-DDTHH:MM:SSZ): fromisoformat reads it ten times
        # faster than strptime, and refuses the same bad digits.
        return datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)
    return datetime.strptime(text, _FORMAT).replace(tzinfo=UTC)


def maybe_from_db(text: str | None) -> datetime | None:
    """Like from_db, for nullable columns."""
    return None if text is None else from_db(text)
