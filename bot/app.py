"""Wiring: build the python-telegram-bot Application with the core's services and handlers."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest, HTTPXRequest

import handlers
from bot.checkins.deliveries import CHECKIN_KINDS, checkins_sweep
from bot.clock import Clock, SystemClock
from bot.concerns import deliveries as concern_deliveries
from bot.config import Settings, SettingsError
from bot.content import ContentStore
from bot.content.reload import reload_if_requested
from bot.delivery import HELD_REPLY_KIND, NOTICE_KIND, DeliveryEngine, DeliveryKind
from bot.lifecycle.deliveries import LIFECYCLE_KINDS, lifecycle_sweep
from bot.logs import quiet_library_noise
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
from bot.telegram_health import ObservedRequest, TelegramHealth, transient_cause
from handlers.common import Context

log = logging.getLogger(__name__)


class PeerApplication(Application[Any, Context, Any, Any, Any, Any]):
    """PTB's Application, holding the sweeper's wake-ups until each update has been answered.

    Logs one line per handled update: its id, kind and time taken, never what was written, so
    a silent bot (no lines) can be told from an idle one (no updates).
    """

    async def process_update(self, update: object) -> None:
        started = time.perf_counter()
        try:
            with services_of(self).wakes_after():
                await super().process_update(update)
        finally:
            if isinstance(update, Update):
                # Telegram ids are personal data: the update's own id is enough to trace it.
                log.info(
                    "update %d %s handled in %.0f ms",
                    update.update_id,
                    update_kind(update),
                    (time.perf_counter() - started) * 1000,
                )


def update_kind(update: Update) -> str:
    """What sort of update it was, in one word (never its contents)."""
    if update.callback_query is not None:
        return "button"
    message = update.effective_message
    if message is None:
        return "other"
    if message.text is not None:
        return "command" if message.text.startswith("/") else "text"
    return "media" if message.effective_attachment is not None else "message"


# What the bot asks Telegram for: messages, button presses, and being blocked or unblocked.
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]

# Every kind of message the delivery sweep knows how to send.
DELIVERY_KINDS: tuple[DeliveryKind, ...] = (
    NOTICE_KIND,
    HELD_REPLY_KIND,
    *MEETING_KINDS,
    *concern_deliveries.CONCERN_KINDS,
    *CHECKIN_KINDS,
    *SUGGESTION_KINDS,
    *OVERSIGHT_KINDS,
    *TASK_KINDS,
    *LIFECYCLE_KINDS,
)

# Steps the sweeper runs before the delivery step, in order (each may queue deliveries).
SWEEP_STEPS: tuple[tuple[str, Step], ...] = (
    ("content", reload_if_requested),
    ("meetings", meetings_sweep),
    ("concerns", concern_deliveries.sweep),
    ("checkins", checkins_sweep),
    ("suggestions", suggestions_sweep),
    ("tasks", tasks_sweep),
    ("lifecycle", lifecycle_sweep),
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
    quiet_library_noise()
    health = TelegramHealth()
    limiter = rate_limiter or FloodLimiter(overall_per_second=settings.send_rate_per_second)
    # Every call to Telegram, polling included, tells `health` how it went.
    calls = ObservedRequest(
        request or HTTPXRequest(connection_pool_size=256), health, polling=False
    )
    polls = ObservedRequest(
        updates_request or request or HTTPXRequest(connection_pool_size=1), health, polling=True
    )
    builder = (
        ApplicationBuilder()
        .token(settings.require_token())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .rate_limiter(limiter)
        .context_types(ContextTypes(context=Context))
        .post_init(start_services)
        .post_shutdown(stop_services)
        .application_class(PeerApplication)
    )
    builder = builder.request(calls).get_updates_request(polls)
    app = builder.build()
    if not isinstance(app, PeerApplication):
        raise TypeError("the builder did not make a PeerApplication")
    engine = DeliveryEngine(DELIVERY_KINDS)
    services = Services(
        settings=settings,
        clock=clock or SystemClock(),
        db=Database(settings.database_path),
        outbound=Outbound(app.bot, health=health),
        sweeper=Sweeper([*SWEEP_STEPS, ("deliveries", engine.deliver_due)]),
    )

    async def on_blocked(chat_id: int) -> None:
        await mark_unreachable(services, chat_id)

    services.outbound.on_blocked = on_blocked
    services.db.on_sweep_wanted = services.request_sweep
    # What fell due while Telegram was failing goes as soon as it answers again.
    health.on_recovered = services.request_sweep
    # And when the database can be written again.
    services.db.busy.on_recovered = services.db.full.on_recovered = services.request_sweep
    app.bot_data["services"] = services
    handlers.register_all(app)
    return app


def webhook_options(settings: Settings) -> dict[str, Any]:
    """How the bot listens for Telegram in webhook mode (for `run_webhook`/`start_webhook`).

    It listens on WEBHOOK_LISTEN:WEBHOOK_PORT (127.0.0.1 by default, behind a TLS proxy) at the
    path of WEBHOOK_URL, and refuses any call without WEBHOOK_SECRET in Telegram's
    X-Telegram-Bot-Api-Secret-Token header (python-telegram-bot answers 403)."""
    if not settings.webhook_url or settings.webhook_secret is None:
        raise SettingsError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": urlsplit(settings.webhook_url).path.strip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret.get_secret_value(),
        "allowed_updates": ALLOWED_UPDATES,
    }


def polling_error(error: TelegramError) -> None:
    """Instead of python-telegram-bot's traceback for every failed poll: Telegram misbehaving
    is logged once per period by TelegramHealth; anything else in one line. (`run_polling`
    sends these to the error handler instead, which does the same: handlers/errors.py.)"""
    if transient_cause(error) is None:
        log.warning("Polling Telegram for updates failed: %s", error)


def services_of(app: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    services = app.bot_data["services"]
    if not isinstance(services, Services):
        raise TypeError("expected Services")
    return services


async def start_services(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Open the database and content, then finish start-up once Telegram answers."""
    await open_storage(services_of(app))
    await after_connect(app)


async def open_storage(services: Services, *, check: bool = False) -> None:
    """Open (and migrate) the database, recover from a crash, then load the content.

    A bad database is a DatabaseProblem, broken content a ContentError listing every problem.
    """
    await services.db.open(check=check)
    async with services.db.transaction() as repos:
        released = await repos.deliveries.release_claims()
    if released:
        log.info("Recovered %d messages that were being sent when the bot stopped", released)
    try:
        services.content = ContentStore(services.settings.content_dir)
    except BaseException:
        await services.db.close()  # an open database would keep the process alive
        raise
    for gap in services.settings.privacy_gaps():  # it runs, but the notice names nobody yet
        log.warning("%s", gap)


async def after_connect(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Remember the bot's username, set its commands, start the sweeps (Telegram answers)."""
    services = services_of(app)
    async with services.db.transaction() as repos:
        await repos.meta.put("bot_username", app.bot.username)
    await app.bot.set_my_commands(handlers.bot_commands())
    _schedule_sweeps(app, services)
    keep_out_of_collections()  # start-up is over: what it made stays


def keep_out_of_collections() -> None:
    """What start-up made (content, handlers, the understanding's tables: some 120,000
    objects) stays for the life of the bot: keep it out of the garbage collector's full
    collections, which otherwise walk all of it (130-220 ms on a busy two-core machine, during
    which no update is answered). No collection first: start-up leaves a few dozen objects of
    garbage at most, and one costs as much as the pause it saves. Undone by `stop_services`
    (the tests start many bots in one process)."""
    gc.freeze()


async def stop_services(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Close the database (PTB's post_shutdown), and let the collector see everything again."""
    gc.unfreeze()
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

    interval = services.settings.sweep_interval_seconds
    # At once when the job queue starts: catch up on whatever fell due while the bot was down.
    # (A repeating job asked for `first=0` before the queue starts fires one interval late, and
    # a one-off job would be dropped as missed if starting took over a second.)
    job_queue.run_once(sweep_job, 0, name="sweep-first", job_kwargs={"misfire_grace_time": None})
    job_queue.run_repeating(
        sweep_job,
        interval=interval,
        first=interval,
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
            await app.updater.start_polling(
                poll_interval=poll_interval, timeout=10, error_callback=polling_error
            )
            await app.start()
            try:
                yield services_of(app)
            finally:
                await app.updater.stop()
                await app.stop()
        finally:
            await stop_services(app)
