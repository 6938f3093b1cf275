"""Logging set-up. Log lines carry ids and events, never names or what people wrote."""

from __future__ import annotations

import logging

# Libraries that would log personal data or secrets at lower levels, whatever LOG_LEVEL says:
# httpx logs request URLs (they contain the bot token), aiosqlite logs SQL parameters (names,
# messages), python-telegram-bot logs whole updates at DEBUG, APScheduler logs every job run.
QUIET_LIBRARIES = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "aiosqlite": logging.WARNING,
    "telegram": logging.INFO,
    "apscheduler": logging.ERROR,
}


def setup_logging(level: str = "INFO") -> None:
    requested = logging.getLevelName(level.upper())
    logging.basicConfig(level=requested, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    for name, quiet_level in QUIET_LIBRARIES.items():
        # Never louder than asked for, never quieter than safe.
        logging.getLogger(name).setLevel(max(quiet_level, requested))


class _NoResponseBodies(logging.Filter):
    """python-telegram-bot logs a whole answer it could not parse, with a traceback, at ERROR,
    once per call: it may quote what was sent, and Telegram misbehaving is already logged once
    per period (bot.health). Drop those records."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Can not load invalid JSON data")


_RESPONSE_FILTER = _NoResponseBodies()


def quiet_library_noise() -> None:
    """Filters that apply however logging is set up (tests too); safe to call twice."""
    logging.getLogger("telegram.request.BaseRequest").addFilter(_RESPONSE_FILTER)
