"""Trouble from outside the bot — Telegram failing, the disk full, the database locked — told
once per period in the log, not once per message (Telegram's: bot/telegram_health.py).

A period opens with the first failure (one line, WARNING or ERROR) and closes when things work
again (one INFO line with how long it lasted and how many calls failed). Failures in between are
counted. A period with no failure for `quiet_after` seconds is over even if nothing has
succeeded since; the next failure opens a new one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable

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
        if self._started is None:
            return
        self._log.info(self._closing.format(seconds=now - self._started, failures=self._failures))
        self._started = None
        self._failing.clear()
        if self.on_recovered is not None:
            self.on_recovered()
