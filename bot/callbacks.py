"""Typed button data: each family of buttons is a small dataclass packed as "prefix:a:b".

Callback data comes back from the user's device, so it is untrusted: parsing checks length,
shape and every field, and raises BadCallback on anything else. Parsing says nothing about
whether the caller may act on the ids inside — that is bot.auth's job.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from enum import Enum
from typing import Any, ClassVar, Self

MAX_BYTES = 64
_TOKEN = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
_PREFIX = re.compile(r"^[a-z][a-z0-9]{0,7}$")
_MAX_ID = 2**53


class BadCallback(ValueError):
    """Button data that is malformed, stale or forged."""


class CallbackData:
    """Base for button families. Subclasses are frozen dataclasses with a `prefix`."""

    prefix: ClassVar[str]
    _registry: ClassVar[dict[str, type[CallbackData]]] = {}

    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not _PREFIX.match(prefix):
            raise ValueError(f"bad callback prefix {prefix!r}")
        if prefix in CallbackData._registry:
            raise ValueError(f"callback prefix {prefix!r} is used twice")
        cls.prefix = prefix
        CallbackData._registry[prefix] = cls

    def pack(self) -> str:
        parts = [self.prefix]
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            if isinstance(value, Enum):
                text = value.value
            else:
                text = str(int(value) if isinstance(value, bool) else value)
            if ":" in text:
                raise ValueError(f"{field.name} may not contain ':'")
            parts.append(text)
        packed = ":".join(parts)
        if len(packed.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {packed!r}")
        return packed

    @classmethod
    def parse(cls, data: str | None) -> Self:
        """Parse data known to belong to this family; BadCallback if it doesn't fit."""
        if not data or _size(data) > MAX_BYTES:
            raise BadCallback("missing, oversized or unreadable callback data")
        prefix, *values = data.split(":")
        if prefix != cls.prefix:
            raise BadCallback("wrong button family")
        fields = _fields(cls)
        if len(values) != len(fields):
            raise BadCallback("wrong number of parts")
        kwargs = {
            name: _convert(hint, raw) for (name, hint), raw in zip(fields, values, strict=True)
        }
        return cls(**kwargs)

    @classmethod
    def pattern(cls) -> str:
        """A regex for CallbackQueryHandler that selects this family."""
        return rf"^{cls.prefix}(:|$)"


_FIELDS: dict[type[CallbackData], tuple[tuple[str, Any], ...]] = {}


def _fields(family: type[CallbackData]) -> tuple[tuple[str, Any], ...]:
    """A family's fields with their types, in order (worked out once per family: resolving
    the type hints compiles each annotation, which took most of the time of a button press)."""
    found = _FIELDS.get(family)
    if found is None:
        hints = typing.get_type_hints(family)
        fields = dataclasses.fields(family)  # type: ignore[arg-type]
        found = _FIELDS[family] = tuple((f.name, hints[f.name]) for f in fields)
    return found


def _size(data: str) -> int:
    """Bytes the data takes in UTF-8; anything that is not text (a lone surrogate from bytes a
    forged client sent) counts as too big."""
    try:
        return len(data.encode())
    except UnicodeEncodeError:
        return MAX_BYTES + 1


def family_of(data: str | None) -> type[CallbackData] | None:
    """Which registered family a piece of data claims to be, if any."""
    if not data:
        return None
    return CallbackData._registry.get(data.split(":", 1)[0])


def _convert(hint: Any, raw: str) -> Any:
    if hint is bool:
        if raw not in ("0", "1"):
            raise BadCallback("bad flag")
        return raw == "1"
    if hint is int:
        # ASCII digits only: "²" and "١" are digits to str.isdigit but not to int().
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 16 or int(raw) > _MAX_ID:
            raise BadCallback("bad number")
        return int(raw)
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(raw)
        except ValueError:
            raise BadCallback("unknown choice") from None
    if hint is str:
        if not _TOKEN.match(raw):
            raise BadCallback("bad token")
        return raw
    raise TypeError(f"unsupported callback field type {hint!r}")
