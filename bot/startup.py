"""`peer-circle run`: start in a safe order, then serve until stopped.

Settings first, then the database (locked, opened, migrated, checked), then the content, then
Telegram. Each operator's problem is one line on standard error and exit code 2; Telegram being
unreachable is retried for ever with backoff (one line per try), and the bot serves as soon as it
connects. Ctrl-C or SIGTERM stops it cleanly at any point.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from telegram.error import InvalidToken, NetworkError

from bot.app import (
    ALLOWED_UPDATES,
    PeerApplication,
    after_connect,
    build_application,
    open_storage,
    services_of,
    webhook_options,
)
from bot.config import Settings
from bot.content import ContentError
from bot.storage import DatabaseProblem
from bot.storage.lock import AlreadyRunning, DatabaseLock

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0


class CannotStart(Exception):
    """Start-up stopped for a reason the operator can fix; the message is one line."""


def check_paths(settings: Settings) -> None:
    """The folders the settings name exist (content) or can be made and written (database)."""
    content = settings.content_dir
    if not content.is_dir():
        raise CannotStart(
            f"Setting CONTENT_DIR: there is no folder {content} "
            f"({settings.home.describe()}). Point CONTENT_DIR at the content folder."
        )
    folder = settings.database_path.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise CannotStart(
            f"Setting DATABASE_PATH: cannot create or write the folder {folder} "
            f"(no permission for this user at {existing}). Choose a folder this user can write."
        )


def run_bot(settings: Settings) -> int:
    """Run the real bot until Ctrl-C or SIGTERM; the exit code for the process."""
    try:
        check_paths(settings)
        lock = DatabaseLock(settings.database_path)
        lock.acquire()
    except (CannotStart, AlreadyRunning) as exc:
        _refuse(str(exc))
        return 2
    except OSError as exc:
        _refuse(
            f"Setting DATABASE_PATH: cannot use the folder {settings.database_path.parent} "
            f"({exc.strerror or exc}). Choose a folder this user can write."
        )
        return 2
    try:
        return asyncio.run(_serve(settings))
    except KeyboardInterrupt:  # a second Ctrl-C while stopping
        return 130
    finally:
        lock.release()


def _refuse(line: str) -> None:
    print(f"Peer Circle can't start: {line}", file=sys.stderr)  # noqa: T201


async def _serve(settings: Settings) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    app = build_application(settings)
    services = services_of(app)
    try:
        try:
            await open_storage(services, check=True)
        except DatabaseProblem as exc:
            _refuse(str(exc))
            return 2
        except ContentError as error:
            from bot.content.admin import startup_refused  # noqa: PLC0415 - only on failure

            print(startup_refused(error), file=sys.stderr)  # noqa: T201
            return 2
        if services.db.created:
            log.info("Created a new database at %s", settings.database_path)
        log.info(
            "Using the database %s (%s); content from %s",
            settings.database_path,
            settings.home.describe(),
            settings.content_dir,
        )
        try:
            connected = await connect(app, settings, stop)
        except CannotStart as exc:
            _refuse(str(exc))
            return 2
        if not connected:
            return 0
        await _serve_updates(app, settings, stop)
        return 0
    finally:
        await services.db.close()


async def connect(
    app: PeerApplication,
    settings: Settings,
    stop: asyncio.Event,
    *,
    first_delay: float = FIRST_RETRY_SECONDS,
    max_delay: float = MAX_RETRY_SECONDS,
    wait: Callable[[asyncio.Event, float], Awaitable[bool]] | None = None,
) -> bool:
    """Reach Telegram, retrying for ever with backoff; False if asked to stop meanwhile."""
    wait = wait or _wait_for
    delay = first_delay
    attempt = 1
    while not stop.is_set():
        try:
            await app.initialize()
        except InvalidToken:
            raise CannotStart(
                f"Telegram at {settings.telegram_api_url} does not accept the bot token. Check "
                "TELEGRAM_BOT_TOKEN (from @BotFather) and TELEGRAM_API_URL."
            ) from None
        except NetworkError as exc:
            log.warning(
                "Telegram is not reachable at %s (try %d: %s); trying again in %.0f s",
                settings.telegram_api_url,
                attempt,
                _reason(exc, settings),
                delay,
            )
            if await wait(stop, delay):
                return False
            delay = min(delay * 2, max_delay)
            attempt += 1
            continue
        log.info("Connected to Telegram as @%s", app.bot.username)
        return True
    return False


async def _wait_for(stop: asyncio.Event, seconds: float) -> bool:
    """Wait `seconds`, or less if asked to stop; True if asked to stop."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


def _reason(exc: Exception, settings: Settings) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    token = settings.telegram_bot_token
    if token is not None:
        text = text.replace(token.get_secret_value(), "<token>")
    return text[:200]


async def _serve_updates(app: PeerApplication, settings: Settings, stop: asyncio.Event) -> None:
    await after_connect(app)
    updater = app.updater
    if updater is None:
        raise RuntimeError("missing: app.updater")
    if settings.webhook_url:
        await updater.start_webhook(**webhook_options(settings))
    else:
        await updater.start_polling(
            allowed_updates=ALLOWED_UPDATES,
            # PTB retries polling by itself; one line per failure instead of a traceback.
            error_callback=lambda exc: log.warning(
                "Telegram polling failed (%s); retrying", _reason(exc, settings)
            ),
        )
    await app.start()
    log.info("Peer Circle is running; Ctrl-C stops it")
    try:
        await stop.wait()
    finally:
        log.info("Stopping…")
        if updater.running:
            await updater.stop()
        await app.stop()
        await app.shutdown()
        log.info("Stopped")


def lock_file_for(database: Path) -> Path:
    """Where the running bot's lock lives (for the README and status)."""
    return DatabaseLock(database).path
