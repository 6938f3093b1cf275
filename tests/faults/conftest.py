"""The fault tests start the real bot many times: load the shipped content once for all."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from bot.content import ContentStore


@cache
def _shared_content(directory: Path) -> ContentStore:
    return ContentStore(directory)


@pytest.fixture(autouse=True)
def _content_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # These tests never edit content; loading and indexing it takes most of a second.
    monkeypatch.setattr("bot.app.ContentStore", _shared_content)
