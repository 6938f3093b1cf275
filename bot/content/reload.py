"""Reloading content in the running bot when a coordinator asks, through the database.

`python -m bot admin content reload` runs in another process, so it cannot call the bot. It
numbers a request in the meta table; the bot's sweep sees a request newer than the last one it
handled, reloads (keeping the old content if the new is broken), and records the result under
the request's number, which the command reads back.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from bot.services import Services
from bot.storage import Repos
from bot.storage.times import from_db, to_db

log = logging.getLogger(__name__)

REQUESTED = "content.reload.requested"  # the newest request's number
HANDLED = "content.reload.handled"  # the newest request the bot has acted on
RESULT = "content.reload.result"  # what happened then (JSON)
MAX_PROBLEMS_KEPT = 100


@dataclass(frozen=True)
class ReloadResult:
    request: int
    ok: bool
    problems: tuple[str, ...]
    topics: int
    resources: int
    at: datetime

    def to_json(self) -> str:
        return json.dumps(
            {
                "request": self.request,
                "ok": self.ok,
                "problems": list(self.problems),
                "topics": self.topics,
                "resources": self.resources,
                "at": to_db(self.at),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> ReloadResult:
        raw = json.loads(text)
        return cls(
            request=int(raw["request"]),
            ok=bool(raw["ok"]),
            problems=tuple(str(line) for line in raw["problems"]),
            topics=int(raw["topics"]),
            resources=int(raw["resources"]),
            at=from_db(raw["at"]),
        )


async def _number(repos: Repos, key: str) -> int:
    value = await repos.meta.get(key)
    return int(value) if value and value.isdigit() else 0


async def request_reload(repos: Repos) -> int:
    """Ask the running bot to reload; returns the request's number to wait for."""
    number = await _number(repos, REQUESTED) + 1
    await repos.meta.put(REQUESTED, str(number))
    return number


async def result_for(repos: Repos, request: int) -> ReloadResult | None:
    """The outcome of reload request `request` (or of a later one, which covers it), if any."""
    raw = await repos.meta.get(RESULT)
    if raw is None:
        return None
    result = ReloadResult.from_json(raw)
    return result if result.request >= request else None


async def reload_if_requested(services: Services) -> ReloadResult | None:
    """The sweep step: act on a new reload request. A broken file never stops the bot."""
    async with services.db.read() as repos:
        requested = await _number(repos, REQUESTED)
        handled = await _number(repos, HANDLED)
    if requested <= handled or services.content is None:
        return None
    store = services.content
    problems = await store.reload_in_background()
    current = store.current
    result = ReloadResult(
        request=requested,
        ok=not problems,
        problems=tuple(str(problem) for problem in problems[:MAX_PROBLEMS_KEPT]),
        topics=len(current.topics),
        resources=len(current.resources),
        at=services.clock.now(),
    )
    async with services.db.transaction() as repos:
        await repos.meta.put(HANDLED, str(requested))
        await repos.meta.put(RESULT, result.to_json())
    log.info("Content reload request %d: %s", requested, "done" if result.ok else "refused")
    return result
