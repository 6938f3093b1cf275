"""After a RetryAfter pause, queued sends go out at the overall rate, not all at once."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter

from bot.ratelimit import FloodLimiter

RATE = 20.0  # sends per second in this test


async def test_senders_queued_during_a_pause_do_not_burst_when_it_ends() -> None:
    """Six senders waiting out a flood pause resume one slot apart, as the rate allows."""
    limiter = FloodLimiter(overall_per_second=RATE, chat_burst=100, chat_per_second=100.0)
    loop = asyncio.get_running_loop()
    sent: list[float] = []
    failed_once = False

    async def send(*_: Any, **__: Any) -> bool:
        nonlocal failed_once
        if not failed_once:
            failed_once = True
            raise RetryAfter(timedelta(milliseconds=300))
        sent.append(loop.time())
        return True

    async def one(chat_id: int) -> None:
        await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": chat_id}, None)

    await asyncio.gather(*(one(1000 + n) for n in range(7)))
    assert len(sent) == 7
    gaps = [later - earlier for earlier, later in itertools.pairwise(sent)]
    assert min(gaps) >= 0.8 / RATE, gaps
