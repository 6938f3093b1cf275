"""The core's shared objects, made once per application and handed to handlers and sweeps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.clock import Clock
from bot.config import Settings
from bot.outbound import Outbound
from bot.storage import Database
from bot.sweeps import LAST_SWEEP_KEY

if TYPE_CHECKING:
    from bot.content import ContentStore
    from bot.sweeps import Sweeper


@dataclass
class Services:
    settings: Settings
    clock: Clock
    db: Database
    outbound: Outbound
    sweeper: Sweeper | None = None
    content: ContentStore | None = None
    # Set by the running application: asks for a sweep as soon as possible.
    wake_sweeper: Callable[[], None] = field(default=lambda: None)

    async def sweep(self) -> dict[str, object]:
        """Run all sweeps now (tests and the demo call this after moving the clock)."""
        assert self.sweeper is not None
        results = await self.sweeper.run(self)
        async with self.db.transaction() as repos:  # for `admin status`
            await repos.meta.put(LAST_SWEEP_KEY, self.clock.now().isoformat())
        return results
