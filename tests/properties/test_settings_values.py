"""Settings come from the environment or .env, typed by a person: any value of any setting
starts the bot or stops it with one line naming that setting (never a traceback, never the
secret itself); values the bot documents read back as meant."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.config import Settings, SettingsError, load_settings
from bot.office_hours import DAY_NAMES, parse_days
from tests.properties import ROUND_TRIPS

NAMES = sorted(name.upper() for name in Settings.model_fields)
SECRETS = {"TELEGRAM_BOT_TOKEN", "WEBHOOK_SECRET"}
BASE = {"TELEGRAM_BOT_TOKEN": "123456:TEST"}

values = (
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40)
    | st.sampled_from(["", " ", "0", "-1", "99999", "1e9", "nan", "yes", "25:61", "Mon-Sun"])
    | st.sampled_from(["debug", "Info", "LOUD", "warn", "15"])
    | st.sampled_from(["7,1", "7,,1", "a,b", "Europe/London", "Mars/Olympus", "https://x"])
    | st.integers().map(str)
)


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in [*NAMES, *values]}
    for name in NAMES:
        os.environ.pop(name, None)
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


EMPTY_ENV = Path(tempfile.mkdtemp(prefix="peer-circle-settings-")) / ".env"
EMPTY_ENV.touch()


def _load(values: dict[str, str]) -> Settings | SettingsError:
    with environment({**BASE, **values}):
        try:
            return load_settings(EMPTY_ENV)  # the environment only, not a .env lying about
        except SettingsError as refused:
            return refused


@given(name=st.sampled_from(NAMES), value=values)
def test_any_value_starts_or_is_refused_in_one_line(name: str, value: str) -> None:
    loaded = _load({name: value})
    if isinstance(loaded, Settings):
        # What the start-up then does with the values works too.
        assert isinstance(logging.getLevelName(loaded.log_level), int)
        assert loaded.tz is not None
        assert loaded.file_url.startswith(("http://", "https://"))
        assert loaded.bot_username is None or loaded.bot_username.isidentifier()
        return
    message = str(loaded)
    assert "\n" not in message
    assert name in message or not message.startswith("Setting")  # it names the setting
    assert ".env" in message  # and says where to fix it
    if name in SECRETS and len(value) > 3:
        assert value not in message  # never shown back


@ROUND_TRIPS
@given(offsets=st.lists(st.integers(0, 60), min_size=1, max_size=6, unique=True))
def test_reminder_offsets_read_back(offsets: list[int]) -> None:
    loaded = _load({"REMINDER_OFFSETS_DAYS": ", ".join(map(str, offsets))})
    assert isinstance(loaded, Settings)
    assert loaded.reminder_offsets_days == sorted(offsets, reverse=True)


@ROUND_TRIPS
@given(days=st.sets(st.integers(0, 6), min_size=1), full=st.booleans())
def test_office_days_read_back(days: set[int], full: bool) -> None:
    names = [DAY_NAMES[day] for day in sorted(days)]
    spec = ",".join(name.title() if not full else _FULL[DAY_NAMES.index(name)] for name in names)
    assert parse_days(spec) == days
    loaded = _load({"OFFICE_DAYS": spec})
    assert isinstance(loaded, Settings)


_FULL = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@ROUND_TRIPS
@given(opens=st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_times_read_back(opens: time) -> None:
    loaded = _load({"CHECKIN_REMINDER_TIME": opens.strftime("%H:%M")})
    assert isinstance(loaded, Settings)
    assert loaded.checkin_reminder_time == opens
