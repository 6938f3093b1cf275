"""The periodic sweeps: each reads what is due from the database and acts on it.

The scheduler only wakes the sweeper up (every SWEEP_INTERVAL_SECONDS, and at once when a
handler has queued something); the database says what is due. One sweep runs at a time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from bot.storage import StorageUnavailable

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

Step = Callable[["Services"], Awaitable[object]]


class Sweeper:
    """Runs the sweep steps in order, one run at a time."""

    def __init__(self, steps: Sequence[tuple[str, Step]]) -> None:
        self._steps = list(steps)
        self._lock = asyncio.Lock()
        self._queued = False

    @property
    def busy(self) -> bool:
        """A sweep is running, or one has been asked for and not started yet."""
        return self._lock.locked() or self._queued

    def claim_wake(self) -> bool:
        """True if a wake-up should be scheduled (none is waiting yet)."""
        if self._queued:
            return False
        self._queued = True
        return True

    async def run(self, services: Services) -> dict[str, object]:
        """Run every step at the clock's current time; a failing step doesn't stop the rest,
        except when the database can't be written (then the next sweep does it all)."""
        async with self._lock:
            self._queued = False
            results: dict[str, object] = {}
            for name, step in self._steps:
                try:
                    results[name] = await step(services)
                except StorageUnavailable as error:
                    # Logged once per period by the database. The other steps would meet the
                    # same locked or full database: the next sweep tries them all again.
                    log.debug("Sweep step %s could not write (%s); will retry", name, error)
                    break
                except Exception:
                    log.exception("Sweep step %s failed", name)
            return results
