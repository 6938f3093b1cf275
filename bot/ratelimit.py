"""Telegram's flood limits, applied to every Bot API call the bot makes.

Telegram allows about 30 messages a second overall, about one a second to one private chat
(short bursts are tolerated), and 20 a minute to one group. PTB's AIORateLimiter covers the
overall and group limits but not private chats, so this limiter does all three, and retries
`RetryAfter` by pausing every request for the time Telegram asks.

A pause is logged at DEBUG only: Telegram refusing calls is logged once per period by
bot.health, not once per hit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]
# Calls that put something in a chat; reads, callback answers and polling are never limited.
LIMITED_ENDPOINTS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendVoice",
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendSticker",
        "sendMediaGroup",
        "sendLocation",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageCaption",
    }
)
_MAX_CHAT_LIMITERS = 4096
_OVERALL_MARGIN = 0.03


class FloodLimiter(BaseRateLimiter[int]):
    """Overall, per-private-chat and per-group limits, with RetryAfter retries."""

    def __init__(
        self,
        *,
        overall_per_second: float = 30.0,
        chat_burst: int = 3,
        chat_per_second: float = 1.0,
        group_per_minute: int = 20,
        max_retries: int = 3,
    ) -> None:
        # One slot at a time, a little under the limit: at exactly 30/s the 31st call would
        # land exactly one second after the 1st, and any network jitter puts 31 in Telegram's
        # one-second window (a 429 and a pause). With the margin, 30 calls span 1.03 s.
        self._overall = AsyncLimiter(1, (1 + _OVERALL_MARGIN) / overall_per_second)
        self._chat_burst = chat_burst
        self._chat_per_second = chat_per_second
        self._group_per_minute = group_per_minute
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._max_retries = max_retries
        self._resume = asyncio.Event()
        self._resume.set()

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def _overall_slot(self) -> None:
        """One slot of the overall rate, taken after any flood pause has ended.

        A slot taken before waiting out a pause would let every sender queued meanwhile go at
        the same moment the pause ends: a burst over the limit, another 429, another pause.
        """
        while True:
            await self._resume.wait()
            await self._overall.acquire()
            if self._resume.is_set():
                return

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chats.get(chat_id)
        if limiter is None:
            if chat_id < 0:
                limiter = AsyncLimiter(self._group_per_minute, 60)
            else:
                limiter = AsyncLimiter(self._chat_burst, self._chat_burst / self._chat_per_second)
            self._chats[chat_id] = limiter
            while len(self._chats) > _MAX_CHAT_LIMITERS:
                self._chats.popitem(last=False)
        else:
            self._chats.move_to_end(chat_id)
        return limiter

    async def process_request(  # noqa: PLR0917 - PTB's signature
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        if endpoint not in LIMITED_ENDPOINTS:
            return await callback(*args, **kwargs)
        chat_id: int | None = None
        with contextlib.suppress(TypeError, ValueError):
            chat_id = int(data.get("chat_id"))  # type: ignore[arg-type]
        max_retries = self._max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(max_retries + 1):
            try:
                chat = self._chat_limiter(chat_id) if chat_id is not None else None
                async with contextlib.AsyncExitStack() as stack:
                    if chat is not None:
                        await stack.enter_async_context(chat)
                    await self._overall_slot()
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == max_retries:
                    raise
                pause = exc.retry_after
                seconds = pause if isinstance(pause, int | float) else pause.total_seconds()
                # Said once per period by bot.health; a line per hit would flood the log.
                log.debug("Flood limit hit on %s; pausing all sends for %.1f s", endpoint, seconds)
                self._resume.clear()
                try:
                    await asyncio.sleep(seconds + 0.1)
                finally:
                    self._resume.set()
        raise AssertionError("unreachable")  # pragma: no cover
