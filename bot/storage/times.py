"""How times are written to and read from the database: UTC text that sorts correctly."""

from __future__ import annotations

from datetime import UTC, datetime

_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_LENGTH = len("2026-01-01T00:00:00Z")


def to_db(when: datetime) -> str:
    """An aware datetime as UTC text; naive datetimes are refused (they hide bugs)."""
    if when.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return when.astimezone(UTC).strftime(_FORMAT)


def from_db(text: str) -> datetime:
    """UTC text from the database back to an aware datetime."""
    if len(text) == _LENGTH and text[-1] == "Z":
        # fromisoformat is C, strptime Python: a sweep reads thousands of these.
        return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
    return datetime.strptime(text, _FORMAT).replace(tzinfo=UTC)


def maybe_from_db(text: str | None) -> datetime | None:
    """Like from_db, for nullable columns."""
    return None if text is None else from_db(text)
