"""Shared fixtures: the bot in-process (`bot`) and over HTTP (`bot_http`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.harness import BotHarness


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[BotHarness]:
    async with BotHarness.fast(tmp_path) as harness:
        yield harness


@pytest.fixture
async def bot_http(tmp_path: Path) -> AsyncIterator[BotHarness]:
    async with BotHarness.e2e(tmp_path) as harness:
        yield harness
