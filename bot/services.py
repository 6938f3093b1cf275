"""The core's shared objects, made once per application and handed to handlers and sweeps."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from bot.clock import Clock
from bot.config import Settings
from bot.outbound import Outbound
from bot.storage import Database, StorageUnavailable

LAST_SWEEP_KEY = "last_sweep_at"  # meta: when the running bot last swept (admin status shows it)

if TYPE_CHECKING:
    from bot.content import ContentStore


class SweepRunner(Protocol):
    """What the services need of the sweeper (bot/sweeps.py), without importing it."""

    @property
    def busy(self) -> bool: ...

    def claim_wake(self) -> bool: ...

    async def run(self, services: Services) -> dict[str, object]: ...


@dataclass
class Services:
    settings: Settings
    clock: Clock
    db: Database
    outbound: Outbound
    sweeper: SweepRunner | None = None
    content: ContentStore | None = None
    # Set by the running application: asks for a sweep as soon as possible.
    wake_sweeper: Callable[[], None] = field(default=lambda: None)
    _holding: int = 0  # inside an update: wake-ups wait until its answer has gone
    _held_wake: bool = False

    def request_sweep(self) -> None:
        """Something was queued: sweep soon (after the update being handled, if any)."""
        if self._holding:
            self._held_wake = True
        else:
            self.wake_sweeper()

    @contextmanager
    def wakes_after(self) -> Iterator[None]:
        """Hold wake-ups while an update is handled, so its own reply goes first."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            if not self._holding and self._held_wake:
                self._held_wake = False
                self.wake_sweeper()

    async def sweep(self) -> dict[str, object]:
        """Run all sweeps now (tests and the demo call this after moving the clock)."""
        if self.sweeper is None:
            raise RuntimeError("missing: self.sweeper")
        results = await self.sweeper.run(self)
        try:
            async with self.db.transaction() as repos:  # for `admin status`
                await repos.meta.put(LAST_SWEEP_KEY, self.clock.now().isoformat())
        except StorageUnavailable:
            pass  # locked or full: said once by the database; the next sweep notes it
        return results
