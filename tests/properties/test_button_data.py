"""Button data is untrusted input: whatever comes back from a device (any bytes, up to 64 and
beyond) is either a valid button of the family it claims, or a clear refusal (BadCallback) —
never another error. And every button the bot can make reads back as itself."""

from __future__ import annotations

import dataclasses
import string
import typing
from enum import Enum
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import handlers  # noqa: F401 - registers every feature's button families
from bot.callbacks import MAX_BYTES, BadCallback, CallbackData, family_of
from tests.properties import ROUND_TRIPS

FAMILIES = sorted(CallbackData._registry.values(), key=lambda family: family.prefix)
TOKEN_CHARACTERS = string.ascii_letters + string.digits + "_.-"
families = st.sampled_from(FAMILIES)


def _as_received(raw: bytes) -> str:
    """What the Bot API hands over for bytes a device sent: UTF-8, unreadable bytes replaced."""
    return raw.decode("utf-8", errors="replace")


# Data as it might arrive: random bytes; random text; a real prefix with random parts; a
# real button with one part changed.
prefixes = st.sampled_from([family.prefix for family in FAMILIES])
parts = (
    st.text(max_size=12)
    | st.integers(-(2**70), 2**70).map(str)
    | st.sampled_from(
        ["", "0", "1", "²", "١٢", "-1", " 1", "1.5", "9" * 17, "a" * 33, ":", "\x00", "\ud800"]
    )
)
forged = (
    st.binary(max_size=MAX_BYTES + 8).map(_as_received)
    | st.binary(max_size=MAX_BYTES).map(lambda raw: raw.decode("utf-8", "surrogateescape"))
    | st.text(max_size=MAX_BYTES + 8)
    | st.builds(lambda p, xs: ":".join([p, *xs]), prefixes, st.lists(parts, max_size=6))
)


def _field_values(family: type[CallbackData]) -> st.SearchStrategy[dict[str, Any]]:
    hints = typing.get_type_hints(family)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for field in dataclasses.fields(family):  # type: ignore[arg-type]
        hint = hints[field.name]
        if hint is bool:
            fields[field.name] = st.booleans()
        elif hint is int:
            fields[field.name] = st.integers(0, 2**53)
        elif isinstance(hint, type) and issubclass(hint, Enum):
            fields[field.name] = st.sampled_from(list(hint))
        else:
            fields[field.name] = st.text(TOKEN_CHARACTERS, min_size=1, max_size=32)
    return st.fixed_dictionaries(fields)


@given(family=families, data=forged)
def test_any_data_is_a_button_of_its_family_or_refused(
    family: type[CallbackData], data: str
) -> None:
    try:
        parsed = family.parse(data)
    except BadCallback:
        return
    assert isinstance(parsed, family)
    assert family.parse(parsed.pack()) == parsed  # what it read is a button it could make
    assert family_of(data) is family


@given(data=forged | st.none())
def test_telling_the_family_never_fails(data: str | None) -> None:
    found = family_of(data)
    assert found is None or found in FAMILIES


@ROUND_TRIPS
@given(data=st.data())
def test_every_button_reads_back_as_itself(data: st.DataObject) -> None:
    family = data.draw(families)
    values = data.draw(_field_values(family))
    try:
        button = family(**values)
        packed = button.pack()
    except ValueError:
        return  # too long for Telegram's 64 bytes, or refused by the family: never sent
    assert len(packed.encode()) <= MAX_BYTES
    assert family.parse(packed) == button
    assert family_of(packed) is family
