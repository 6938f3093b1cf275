"""Whether Telegram is answering: every Bot API call, polling included, reports how it ended
(ObservedRequest), and TelegramHealth logs one line when Telegram starts failing and one when it
answers again. The outbound path and the delivery sweep ask it whether Telegram is down.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Hashable
from http import HTTPStatus
from typing import Any

from telegram.error import NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.health import GLOBAL, OTHER, Monotonic, TroublePeriods

# This many different chats failing with no success in between: Telegram itself is down.
_DOWN_AFTER_CHATS = 3


class TelegramHealth(TroublePeriods):
    """Whether Telegram answers: fed with the outcome of every Bot API call (bot.ratelimit)."""

    def __init__(
        self,
        *,
        quiet_after: float = 300.0,
        monotonic: Monotonic = time.monotonic,
        on_recovered: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(
            logging.getLogger("bot.telegram"),
            opening=(
                "Telegram is failing ({cause}); messages are held and retried until it "
                "answers again (further failures are counted, not logged)"
            ),
            closing="Telegram is answering again after {seconds:.0f} s ({failures} failed calls)",
            quiet_after=quiet_after,
            monotonic=monotonic,
            on_recovered=on_recovered,
        )

    @property
    def down(self) -> bool:
        """Telegram as a whole is failing, not just some chats: polling (or any call about no
        chat) failed, or several chats did, since the last call that worked."""
        failing = self.failing_since_success
        return self.active and (GLOBAL in failing or len(failing) >= _DOWN_AFTER_CHATS)

    def observe(self, cause: str | None, key: Hashable = GLOBAL) -> None:
        """Record how a call ended: None if Telegram answered (even with a refusal)."""
        if cause is None:
            self.succeeded(key)
        else:
            self.failed(cause, key)


def transient_cause(exc: BaseException) -> str | None:
    """Why a call failed, if it is Telegram or the line misbehaving (worth trying again later);
    None for an answer that retrying won't change (bad request, blocked, bad token, conflict).

    The words never quote what was sent or received, which may be personal.
    """
    if isinstance(exc, RetryAfter):
        return "429 Too Many Requests"
    if isinstance(exc, TimedOut):
        return "no answer in time"
    if isinstance(exc, NetworkError):
        detail = exc.message.split(". Parsing", 1)[0]  # PTB quotes the body after this
        return f"network or server error: {detail[:80]}"
    if type(exc) is TelegramError and "invalid server response" in exc.message.lower():
        return "an answer that is not valid JSON"
    return None


def status_cause(code: int, payload: bytes) -> str | None:
    """Why an HTTP answer from the Bot API is Telegram misbehaving, or None if it answered."""
    if code == HTTPStatus.TOO_MANY_REQUESTS:
        return "429 Too Many Requests"
    if code >= HTTPStatus.INTERNAL_SERVER_ERROR:
        return f"server error {code}"
    if HTTPStatus.OK <= code < HTTPStatus.MULTIPLE_CHOICES:
        try:
            json.loads(payload)
        except ValueError:
            return "an answer that is not valid JSON"
    return None  # 4xx: Telegram answered, and refused (bad request, blocked, conflict …)


class ObservedRequest(BaseRequest):
    """Wraps the request object the bot talks to Telegram with, and tells `health` how every
    call ended. Polling does not pass the flood limiter, so this is the one place that sees
    every call, polling included."""

    def __init__(self, inner: BaseRequest, health: TelegramHealth, *, polling: bool) -> None:
        self._inner = inner
        self._health = health
        self._polling = polling

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    # The signature is BaseRequest's, positional arguments and all.
    async def do_request(  # noqa: PLR0917
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        key = GLOBAL if self._polling else _chat_of(request_data)
        try:
            code, payload = await self._inner.do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        except TelegramError as exc:
            self._health.observe(transient_cause(exc) or "network error", key)
            raise
        except Exception:
            self._health.observe("network error", key)
            raise
        if "/file/" not in url:
            self._health.observe(status_cause(code, payload), key)
        return code, payload


def _chat_of(request_data: RequestData | None) -> Hashable:
    chat_id = request_data.parameters.get("chat_id") if request_data is not None else None
    if isinstance(chat_id, int) and not isinstance(chat_id, bool):
        return chat_id
    if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
        return int(chat_id)
    return OTHER
