"""Trouble from outside the bot — Telegram failing, the disk full, the database locked — told
once per period in the log, not once per message.

A period opens with the first failure (one line, WARNING or ERROR) and closes when things work
again (one INFO line with how long it lasted and how many calls failed). Failures in between are
counted. A period with no failure for `quiet_after` seconds is over even if nothing has
succeeded since; the next failure opens a new one.
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

Monotonic = Callable[[], float]

GLOBAL: Hashable = None  # the key for polling: it working means Telegram as a whole works
# Calls about no chat (button answers, getMe …): nothing later says "that works again", so
# they neither open a period nor keep one open; they count towards `down`.
OTHER: Hashable = "other"


class TroublePeriods:
    """One kind of trouble, with the keys (chats, say) that are failing right now."""

    def __init__(
        self,
        logger: logging.Logger,
        *,
        opening: str,
        closing: str,
        level: int = logging.WARNING,
        quiet_after: float = 300.0,
        monotonic: Monotonic = time.monotonic,
        on_recovered: Callable[[], None] | None = None,
    ) -> None:
        """`opening` is formatted with {cause}; `closing` with {seconds} and {failures}."""
        self._log = logger
        self._opening = opening
        self._closing = closing
        self._level = level
        self._quiet_after = quiet_after
        self._monotonic = monotonic
        self.on_recovered = on_recovered
        self._started: float | None = None
        self._last_failure = 0.0
        self._failures = 0
        self._failing: set[Hashable] = set()
        self._since_success: set[Hashable] = set()
        self.periods = 0  # how many periods have opened (for tests and figures)

    @property
    def active(self) -> bool:
        return self._started is not None

    def is_failing(self, key: Hashable) -> bool:
        """This key failed in the current period and has not worked since."""
        return self._started is not None and key in self._failing

    @property
    def failing_since_success(self) -> frozenset[Hashable]:
        """Keys that failed since the last success of any kind."""
        return frozenset(self._since_success)

    def failed(self, cause: str, key: Hashable = GLOBAL) -> None:
        now = self._monotonic()
        if self._started is not None and now - self._last_failure > self._quiet_after:
            self._close(now)
        self._since_success.add(key)
        if key == OTHER and self._started is None:
            self._log.debug("A call about no chat failed (%s)", cause)
            return
        if self._started is None:
            self._started = now
            self._failures = 0
            self.periods += 1
            self._log.log(self._level, self._opening.format(cause=cause))
        else:
            self._log.debug("Still failing (%s)", cause)
        self._failures += 1
        self._last_failure = now
        if key != OTHER:
            self._failing.add(key)

    def succeeded(self, key: Hashable = GLOBAL) -> None:
        self._since_success.clear()
        if self._started is None:
            return
        now = self._monotonic()
        if key is GLOBAL and GLOBAL in self._failing:
            self._failing.clear()  # a call about no chat in particular worked: all is well
        else:
            self._failing.discard(key)
        if not self._failing or now - self._last_failure > self._quiet_after:
            self._close(now)

    def _close(self, now: float) -> None:
        assert self._started is not None
        self._log.info(self._closing.format(seconds=now - self._started, failures=self._failures))
        self._started = None
        self._failing.clear()
        if self.on_recovered is not None:
            self.on_recovered()


# --- Telegram ---------------------------------------------------------------------------------

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
