"""Drive the real Application as users would: in-process (fast) or over HTTP (end to end).

    async with BotHarness.fast(tmp_path) as bot:        # RecordingRequest, process_update
        alice = bot.user(1001, "Alice")
        await bot.send(alice, "/start")
        assert "Hello" in alice.last.text

`BotHarness.e2e` starts the local Bot API server on 127.0.0.1 and the Application polling it
over HTTP; the same calls then wait until the bot has answered.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram.request import HTTPXRequest

from bot.app import PeerApplication, build_application, running, start_services, stop_services
from bot.clock import ManualClock
from bot.config import Settings
from bot.devserver import FakeTelegram, Limits, LocalBotApiServer, SimUser
from bot.devserver.settle import wait_settled
from bot.ratelimit import FloodLimiter
from bot.services import Services
from tests.fakes.recording_request import RecordingRequest, process_pending_updates

# A Wednesday in term time, well away from clock changes and bank holidays.
DEFAULT_START = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": "123456:TEST",
        "database_path": tmp_path / "peer-circle.sqlite3",
        "content_dir": CONTENT_DIR,
        "sweep_interval_seconds": 3600,  # tests run sweeps themselves, at times they choose
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class BotHarness:
    def __init__(
        self,
        telegram: FakeTelegram,
        app: PeerApplication,
        services: Services,
        clock: ManualClock,
        *,
        over_http: bool,
    ) -> None:
        self.telegram = telegram
        self.app = app
        self.services = services
        self.clock = clock
        self.over_http = over_http
        self._wake_requested = False
        self._handling = False

    # construction

    @classmethod
    @asynccontextmanager
    async def fast(
        cls,
        tmp_path: Path,
        *,
        start: datetime = DEFAULT_START,
        rate_limiter: FloodLimiter | None = None,
        **settings: Any,
    ) -> AsyncIterator[BotHarness]:
        """The Application answering in-process through RecordingRequest."""
        clock = ManualClock(start)
        telegram = FakeTelegram(clock=clock.now)
        app = build_application(
            make_settings(tmp_path, **settings),
            clock=clock,
            request=RecordingRequest(telegram),
            # In-process tests answer instantly: pacing one chat at 1/s would only slow them.
            # The real limits are exercised end to end (BotHarness.e2e) and in bench/.
            rate_limiter=rate_limiter or FloodLimiter(chat_burst=1000),
        )
        async with app:
            await start_services(app)
            services: Services = app.bot_data["services"]
            harness = cls(telegram, app, services, clock, over_http=False)
            # Deterministic stand-in for the job queue: a wake-up runs a sweep after the update.
            services.wake_sweeper = harness._request_wake
            try:
                yield harness
            finally:
                await stop_services(app)

    @classmethod
    @asynccontextmanager
    async def e2e(
        cls,
        tmp_path: Path,
        *,
        start: datetime = DEFAULT_START,
        limits: Limits | None = None,
        read_timeout: float | None = None,
        rate_limiter: FloodLimiter | None = None,
        **settings: Any,
    ) -> AsyncIterator[BotHarness]:
        """The Application polling the local Bot API server over HTTP on 127.0.0.1.

        `read_timeout` (seconds) shortens how long the bot waits for an answer (PTB's default
        is 5 s), for tests of a Telegram that does not answer."""
        clock = ManualClock(start)
        telegram = FakeTelegram(clock=clock.now, limits=limits)
        requests: dict[str, Any] = {}
        if read_timeout is not None:
            requests = {
                "request": HTTPXRequest(connection_pool_size=32, read_timeout=read_timeout),
                "updates_request": HTTPXRequest(read_timeout=read_timeout),
            }
        async with AsyncExitStack() as stack:
            server = await stack.enter_async_context(LocalBotApiServer(telegram))
            app = build_application(
                make_settings(tmp_path, telegram_api_url=server.base_url, **settings),
                clock=clock,
                rate_limiter=rate_limiter,
                **requests,
            )
            services = await stack.enter_async_context(running(app))
            yield cls(telegram, app, services, clock, over_http=True)

    # acting as users

    def user(self, user_id: int, first_name: str | None = None, **kwargs: Any) -> SimUser:
        return self.telegram.user(user_id, first_name, **kwargs)

    async def send(self, user: SimUser, text: str) -> None:
        user.send(text)
        await self.settle()

    async def press(self, user: SimUser, label: str, *, message_id: int | None = None) -> None:
        user.press(label, message_id=message_id)
        await self.settle()

    async def press_data(self, user: SimUser, data: str) -> None:
        user.press_data(data)
        await self.settle()

    async def settle(self) -> None:
        """Let the bot finish with everything users have sent (and any sweep it asked for)."""
        if self.over_http:
            await wait_settled(self.app, self.telegram)
            return
        while await self._process_updates() or self._wake_requested:
            if self._wake_requested:
                self._wake_requested = False
                await self.services.sweep()

    async def _process_updates(self) -> int:
        self._handling = True
        try:
            return await process_pending_updates(self.app, self.telegram)
        finally:
            self._handling = False

    # time

    async def sweep(self, at: datetime | None = None) -> dict[str, object]:
        """Move the clock to `at` (if given) and run the sweeps, as the scheduler would."""
        if at is not None:
            self.clock.set(at)
        result = await self.services.sweep()
        await self.settle()
        return result

    async def advance(self, delta: timedelta) -> dict[str, object]:
        return await self.sweep(self.clock.now() + delta)

    def _request_wake(self) -> None:
        # Only what users' updates queue wakes the sweeper here: what a test writes directly
        # (its set-up) waits for the sweeps the test runs itself, at the times it chooses.
        if self._handling:
            self._wake_requested = True
