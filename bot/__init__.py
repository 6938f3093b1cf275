"""Peer Circle: the core of a Telegram bot for volunteer-led diabetes peer support groups."""

import os

# Opt in to python-telegram-bot's coming behaviour (time periods as timedelta) now, so its
# deprecation warning never fires and the code is ready for the next major version.
os.environ.setdefault("PTB_TIMEDELTA", "true")
