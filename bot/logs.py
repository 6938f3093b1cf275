"""Logging set-up. Log lines carry ids and events, never names or what people wrote."""

from __future__ import annotations

import logging

# Libraries that would otherwise log request URLs (which contain the bot token) or every job run.
_QUIET = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "apscheduler": logging.ERROR}


def setup_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
    )
    for name, quiet_level in _QUIET.items():
        logging.getLogger(name).setLevel(quiet_level)
