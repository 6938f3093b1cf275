"""Faults the local Bot API server can inject: Telegram misbehaving for a while, then recovering.

    window = telegram.inject(Fault.BAD_GATEWAY, seconds=60)          # every method, every chat
    telegram.inject(Fault.TIMEOUT, seconds=5, chats={1001, 1002})    # two chats only
    telegram.inject(Fault.CHAT_NOT_FOUND, chats={1003})              # until cleared
    telegram.clear_faults()

A fault window answers every matching call with its failure until it ends (or is cleared);
the call is not carried out, so nothing is delivered. Chat-scoped windows match calls whose
`chat_id` is one of the chats, and the answers to those users' button presses; other calls
(getUpdates among them) go through.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

JsonDict = dict[str, Any]


class Fault(StrEnum):
    """How a call fails while a window is open."""

    FLOOD = "429 with retry_after"
    SERVER_ERROR = "500 Internal Server Error"
    BAD_GATEWAY = "502 Bad Gateway"
    TIMEOUT = "time-out"  # the request is held without an answer, then the line is dropped
    DROP = "dropped connection"  # the line is closed at once without an answer
    MALFORMED = "malformed JSON"  # 200 with a body that is not JSON
    CHAT_NOT_FOUND = "400 chat not found"


@dataclass(frozen=True)
class Reply:
    """How the server answers one call."""

    status: int  # the HTTP status; 0 means no answer at all
    body: JsonDict | None = None
    raw: bytes | None = None  # a body that is not JSON
    hold: float = 0.0  # seconds to hold the request before dropping the line (a time-out)

    @property
    def dropped(self) -> bool:
        return self.status == 0


MALFORMED_BODY = b'{"ok": true, "result": {"message_id": 1, "chat": <html>502 Bad Gat'


@dataclass
class FaultWindow:
    """One injected fault: what fails, for which calls, until when (monotonic seconds)."""

    fault: Fault
    until: float | None  # None: until cleared
    methods: frozenset[str] | None = None  # None: every method
    chats: frozenset[int] | None = None  # None: every chat (and calls without one)
    retry_after: int = 1
    hang: float = 30.0  # a time-out holds the request this long at most
    hits: int = 0  # calls answered with the fault
    cleared: bool = field(default=False, repr=False)

    def active(self, now: float) -> bool:
        return not self.cleared and (self.until is None or now < self.until)

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.methods is not None and method not in self.methods:
            return False
        if self.chats is None:
            return True
        return chat_id is not None and chat_id in self.chats

    def reply(self, now: float) -> Reply:
        self.hits += 1
        if self.fault is Fault.FLOOD:
            return _error(
                429,
                f"Too Many Requests: retry after {self.retry_after}",
                {"retry_after": self.retry_after},
            )
        if self.fault in _ERRORS:
            return _error(*_ERRORS[self.fault])
        if self.fault is Fault.MALFORMED:
            return Reply(200, raw=MALFORMED_BODY)
        if self.fault is Fault.TIMEOUT:
            left = self.hang if self.until is None else min(self.hang, self.until - now)
            return Reply(0, hold=max(left, 0.0))
        return Reply(0)  # Fault.DROP


_ERRORS = {
    Fault.SERVER_ERROR: (500, "Internal Server Error"),
    Fault.BAD_GATEWAY: (502, "Bad Gateway"),
    Fault.CHAT_NOT_FOUND: (400, "Bad Request: chat not found"),
}


def _error(status: int, description: str, parameters: JsonDict | None = None) -> Reply:
    body: JsonDict = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return Reply(status, body)


def make_window(
    fault: Fault,
    *,
    now: float,
    seconds: float | None,
    methods: Iterable[str] | None,
    chats: Iterable[int] | None,
    retry_after: int,
    hang: float,
) -> FaultWindow:
    if seconds is not None and seconds <= 0:
        raise ValueError("a fault lasts a positive number of seconds (or None: until cleared)")
    if retry_after < 1:
        raise ValueError("retry_after is a whole number of seconds, at least 1")
    return FaultWindow(
        fault=fault,
        until=None if seconds is None else now + seconds,
        methods=None if methods is None else frozenset(methods),
        chats=None if chats is None else frozenset(chats),
        retry_after=retry_after,
        hang=hang,
    )


def reply_bytes(reply: Reply) -> bytes:
    """The body as sent on the wire."""
    if reply.raw is not None:
        return reply.raw
    return json.dumps(reply.body or {}).encode()
