"""Waiting until a bot running against the local server has finished reacting.

"No Bot API calls for a while" is not enough: the bot may be pausing for a flood limit. So
this also asks the Application whether an update is queued or being processed, and the
sweeper whether a sweep is running or about to.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from telegram.ext import Application

from bot.devserver.telegram import FakeTelegram
from bot.services import Services


def is_settled(app: Application[Any, Any, Any, Any, Any, Any], telegram: FakeTelegram) -> bool:
    services = app.bot_data["services"]
    if not isinstance(services, Services):
        raise TypeError("expected Services")
    sweeper_busy = services.sweeper is not None and services.sweeper.busy
    return (
        telegram.pending_updates == 0
        and telegram.in_flight == 0
        and app.update_queue.empty()
        and app.update_processor.current_concurrent_updates == 0
        and not sweeper_busy
    )


async def wait_settled(
    app: Application[Any, Any, Any, Any, Any, Any],
    telegram: FakeTelegram,
    *,
    quiet: float = 0.05,
    timeout: float = 30.0,  # noqa: ASYNC109 - a plain number reads better for callers
) -> None:
    """Return once the bot has been settled for `quiet` seconds in a row."""
    deadline = time.monotonic() + timeout
    settled_since: float | None = None
    while True:
        now = time.monotonic()
        if is_settled(app, telegram):
            settled_since = settled_since or now
            if now - settled_since >= quiet:
                return
        else:
            settled_since = None
        if now > deadline:
            raise TimeoutError(f"the bot was still busy after {timeout} s")
        await asyncio.sleep(0.01)
