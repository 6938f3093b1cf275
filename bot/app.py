"""Wiring: build the python-telegram-bot Application with the core's services and handlers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

import handlers
from bot.checkins.deliveries import CHECKIN_KINDS, checkins_sweep
from bot.clock import Clock, SystemClock
from bot.concerns import deliveries as concern_deliveries
from bot.config import Settings
from bot.content import ContentStore
from bot.content.reload import reload_if_requested
from bot.delivery import NOTICE_KIND, DeliveryEngine, DeliveryKind
from bot.meetings.deliveries import MEETING_KINDS, meetings_sweep
from bot.outbound import Outbound
from bot.oversight.deliveries import OVERSIGHT_KINDS, oversight_sweep
from bot.people import mark_unreachable
from bot.ratelimit import FloodLimiter
from bot.services import Services
from bot.sessions.deliveries import SUGGESTION_KINDS, suggestions_sweep
from bot.storage import Database
from bot.sweeps import Step, Sweeper
from bot.tasks.deliveries import TASK_KINDS, tasks_sweep
from handlers.common import Context

log = logging.getLogger(__name__)


class PeerApplication(Application[Any, Context, Any, Any, Any, Any]):
    """PTB's Application, holding the sweeper's wake-ups until each update has been answered."""

    async def process_update(self, update: object) -> None:
        with services_of(self).wakes_after():
            await super().process_update(update)


# Every kind of message the delivery sweep knows how to send.
DELIVERY_KINDS: tuple[DeliveryKind, ...] = (
    NOTICE_KIND,
    *MEETING_KINDS,
    *concern_deliveries.CONCERN_KINDS,
    *CHECKIN_KINDS,
    *SUGGESTION_KINDS,
    *OVERSIGHT_KINDS,
    *TASK_KINDS,
)

# Steps the sweeper runs before the delivery step, in order (each may queue deliveries).
SWEEP_STEPS: tuple[tuple[str, Step], ...] = (
    ("content", reload_if_requested),
    ("meetings", meetings_sweep),
    ("concerns", concern_deliveries.sweep),
    ("checkins", checkins_sweep),
    ("suggestions", suggestions_sweep),
    ("tasks", tasks_sweep),
    ("oversight", oversight_sweep),
)


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    rate_limiter: FloodLimiter | None = None,
) -> PeerApplication:
    """The whole bot: Telegram client, flood limiter, services, handlers and sweeps."""
    builder = (
        ApplicationBuilder()
        .token(settings.require_token())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .rate_limiter(
            rate_limiter or FloodLimiter(overall_per_second=settings.send_rate_per_second)
        )
        .context_types(ContextTypes(context=Context))
        .post_init(start_services)
        .post_shutdown(stop_services)
        .application_class(PeerApplication)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(updates_request or request)
    app = builder.build()
    if not isinstance(app, PeerApplication):
        raise TypeError("the builder did not make a PeerApplication")
    engine = DeliveryEngine(DELIVERY_KINDS)
    services = Services(
        settings=settings,
        clock=clock or SystemClock(),
        db=Database(settings.database_path),
        outbound=Outbound(app.bot),
        sweeper=Sweeper([*SWEEP_STEPS, ("deliveries", engine.deliver_due)]),
    )

    async def on_blocked(chat_id: int) -> None:
        await mark_unreachable(services, chat_id)

    services.outbound.on_blocked = on_blocked
    services.db.on_sweep_wanted = services.request_sweep
    app.bot_data["services"] = services
    handlers.register_all(app)
    return app


def services_of(app: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    services = app.bot_data["services"]
    if not isinstance(services, Services):
        raise TypeError("expected Services")
    return services


async def start_services(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Load content, open the database, recover from a crash, start the sweeps (post_init)."""
    services = services_of(app)
    # First: broken content stops the start with every problem listed (ContentError).
    services.content = ContentStore(services.settings.content_dir)
    await services.db.open()
    async with services.db.transaction() as repos:
        released = await repos.deliveries.release_claims()
        await repos.meta.put("bot_username", app.bot.username)
    if released:
        log.info("Recovered %d messages that were being sent when the bot stopped", released)
    await app.bot.set_my_commands(handlers.bot_commands())
    _schedule_sweeps(app, services)


async def stop_services(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Close the database (PTB's post_shutdown)."""
    await services_of(app).db.close()


def _schedule_sweeps(app: Application[Any, Any, Any, Any, Any, Any], services: Services) -> None:
    job_queue = app.job_queue
    if job_queue is None:
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    sweeper = services.sweeper
    if sweeper is None:
        raise RuntimeError("missing: sweeper")

    async def sweep_job(context: Context) -> None:
        await services.sweep()

    job_queue.run_repeating(
        sweep_job,
        interval=services.settings.sweep_interval_seconds,
        first=0,  # at once: catch up on whatever fell due while the bot was down
        name="sweep",
        job_kwargs={"max_instances": 1, "coalesce": True},
    )

    def wake() -> None:
        if sweeper.claim_wake():
            job_queue.run_once(sweep_job, 0, name="sweep-now")

    services.wake_sweeper = wake


@asynccontextmanager
async def running(app: PeerApplication, *, poll_interval: float = 0.0) -> AsyncIterator[Services]:
    """Run the application (polling) inside an existing event loop: for the demo and tests."""
    async with app:
        await start_services(app)
        try:
            if app.updater is None:
                raise RuntimeError("missing: app.updater")
            await app.updater.start_polling(poll_interval=poll_interval, timeout=10)
            await app.start()
            try:
                yield services_of(app)
            finally:
                await app.updater.stop()
                await app.stop()
        finally:
            await stop_services(app)
