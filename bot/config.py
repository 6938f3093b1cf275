"""Settings from the environment and `.env`, validated once at start.

Every setting is documented in `.env.example`. A missing or malformed one stops the bot with one
line naming the setting and how to fix it (see `load_settings`).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Annotated, Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from dotenv import dotenv_values
from pydantic import (
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.office_hours import parse_days

TELEGRAM_API_URL = "https://api.telegram.org/bot"
_TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
# Telegram allows 1-256 of these characters; fewer than 16 would be guessable.
_WEBHOOK_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,256}$")

# Extra phrases that count as an emergency. The built-in detector (bot/understanding/safety.py)
# already knows emergencies in people's own words; configured phrases add to it.
DEFAULT_EMERGENCY_PHRASES: tuple[str, ...] = ()


HOME_VARIABLE = "PEER_CIRCLE_HOME"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


# NHS research in the UK usually relies on these two (the Health Research Authority's guidance).
DEFAULT_LAWFUL_BASIS = (
    "The law lets us use your data for research that is in the public interest. For health "
    "data, the law allows it for research, with safeguards. (UK GDPR Article 6(1)(e) and "
    "Article 9(2)(j).)"
)
DEFAULT_RESEARCH_DATA_KEPT = "for as long as the sponsor's research rules say, then it is deleted"
# Settings the privacy notice needs: a line at start names each one that is missing.
PRIVACY_SETTINGS = {
    "study_sponsor": "STUDY_SPONSOR (who is in charge of the data, e.g. an NHS trust)",
    "study_sponsor_contact": "STUDY_SPONSOR_CONTACT (an email or phone number for questions)",
    "data_protection_officer": "DATA_PROTECTION_OFFICER (their name and how to reach them)",
}


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line meant for the operator."""


@dataclass(frozen=True)
class Home:
    """The programme's home folder: where `.env` is read and relative paths start from."""

    folder: Path
    env_file: Path
    found_by: str  # how it was chosen, for messages: "--env-file", "PEER_CIRCLE_HOME", …

    def describe(self) -> str:
        return f"home folder {self.folder} ({self.found_by})"


_chosen_env_file: Path | None = None


def choose_env_file(path: Path | None) -> None:
    """Use this `.env` (and its folder as the home) for the rest of this process (--env-file)."""
    global _chosen_env_file  # noqa: PLW0603 - one command-line choice per process
    _chosen_env_file = path


def find_home(env_file: Path | None = None) -> Home:
    """--env-file's folder, else PEER_CIRCLE_HOME, else the current folder."""
    chosen = env_file or _chosen_env_file
    if chosen is not None:
        path = chosen.expanduser().absolute()
        if not path.is_file():
            raise SettingsError(f"--env-file {path}: there is no such file.")
        return Home(path.parent, path, "the folder of --env-file")
    home = os.environ.get(HOME_VARIABLE, "").strip()
    if home:
        folder = Path(home).expanduser().absolute()
        if not folder.is_dir():
            raise SettingsError(f"{HOME_VARIABLE}={home!r}: there is no such folder.")
        return Home(folder, folder / ".env", f"from {HOME_VARIABLE}")
    folder = Path.cwd()
    return Home(folder, folder / ".env", f"the current folder; set {HOME_VARIABLE} to use another")


def _comma_list(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("is empty: give a comma-separated list, or remove the line")
        parts = [part.strip() for part in value.split(",")]
        if not all(parts):
            raise ValueError("has an empty item between commas")
        return parts
    return value


class Settings(BaseSettings):
    """Everything Peer Circle can be configured with. Names match `.env.example`."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,  # an empty line in .env means "use the default"
        extra="ignore",
        frozen=True,
    )

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = TELEGRAM_API_URL
    telegram_file_url: str | None = None
    bot_username: str | None = None

    database_path: Path = Path("data/peer-circle.sqlite3")
    content_dir: Path = Path("content")
    timezone: str = "Europe/London"
    log_level: str = "INFO"

    office_days: str = "Mon-Fri"
    office_opens: time = time(9, 0)
    office_closes: time = time(17, 0)
    holidays_country: str = "GB"
    holidays_subdivision: str | None = "ENG"

    reminder_offsets_days: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [7, 1])
    quiet_hours_start: time = time(21, 0)
    quiet_hours_end: time = time(8, 0)
    meeting_length_minutes: int = Field(default=90, ge=15, le=240)
    checkin_delay_minutes: int = Field(default=120, ge=0, le=24 * 60)
    checkin_reminder_time: time = time(9, 30)
    topic_suggestion_days_before: int = Field(default=3, ge=0, le=14)

    ack_timeout_minutes: int = Field(default=60, ge=5, le=24 * 60)
    emergency_number: str = "999"
    urgent_advice_number: str = "NHS 111"
    samaritans_number: str = "116 123"
    emergency_phrases: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_EMERGENCY_PHRASES)
    )

    warn_low_attendance: int = Field(default=4, ge=1, le=30)
    warn_low_attendance_meetings: int = Field(default=2, ge=1, le=12)
    warn_falling_meetings: int = Field(default=3, ge=2, le=12)
    warn_plan_ahead_weeks: int = Field(default=6, ge=1, le=52)
    warn_not_for_me_share: float = Field(default=1 / 3, gt=0, le=1)
    warn_urgent_days: int = Field(default=30, ge=1, le=365)
    warn_min_psfs: int = Field(default=2, ge=1, le=5)
    unclaimed_task_days_before: int = Field(default=3, ge=1, le=14)
    extension_question_session: int = Field(default=5, ge=1, le=24)
    missed_in_a_row: int = Field(default=3, ge=2, le=12)

    invite_expiry_days: int = Field(default=30, ge=1, le=365)

    # The privacy notice (bot/membership/privacy_texts.py): who holds the data and why.
    study_sponsor: str | None = None
    study_sponsor_contact: str | None = None
    data_protection_officer: str | None = None
    lawful_basis: str = DEFAULT_LAWFUL_BASIS
    data_kept_after_study: str = "up to a year"
    research_data_kept: str = DEFAULT_RESEARCH_DATA_KEPT
    privacy_notice_url: str | None = None
    sweep_interval_seconds: float = Field(default=30.0, gt=0, le=3600)
    send_rate_per_second: float = Field(default=30.0, gt=0, le=30)

    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)

    retention_days: int = Field(default=365, ge=1, le=3650)

    _home: Home | None = PrivateAttr(default=None)

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.strip().upper() not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return value.strip().upper()

    @model_validator(mode="after")
    def _office_hours_order(self) -> Settings:
        if self.office_closes <= self.office_opens:
            raise ValueError(
                f"OFFICE_CLOSES ({self.office_closes:%H:%M}) must be later than OFFICE_OPENS "
                f"({self.office_opens:%H:%M})"
            )
        return self

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_SHAPE.match(value.get_secret_value()):
            raise ValueError("does not look like a bot token (digits, a colon, then letters)")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError("must be a URL such as http://127.0.0.1:8081/bot")
        return value.rstrip("/")

    @field_validator("telegram_file_url")
    @classmethod
    def _file_url_shape(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError("must be a URL such as http://127.0.0.1:8081/file/bot")
        return value

    @field_validator("bot_username")
    @classmethod
    def _username_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        name = value.strip().removeprefix("@")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", name):
            raise ValueError("must be the bot's @username: 4-32 letters, digits or _")
        return name

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url_shape(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https://[^/\s]+(/\S*)?$", value):
            raise ValueError("must be a public https:// URL (Telegram only calls HTTPS)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET_SHAPE.match(value.get_secret_value()):
            raise ValueError(
                "must be 16 to 256 letters, digits, _ or - (e.g. from "
                "`python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
            )
        return value

    @model_validator(mode="after")
    def _webhook_needs_a_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError(
                "WEBHOOK_URL is set but WEBHOOK_SECRET is not: without it anyone who finds the "
                "address could send the bot forged messages"
            )
        return self

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("is not a known time zone (use a name like Europe/London)") from exc
        return value

    @field_validator("office_days")
    @classmethod
    def _day_range(cls, value: str) -> str:
        parse_days(value)  # raises ValueError naming the part it can't read
        return value

    def privacy_gaps(self) -> list[str]:
        """One line for each setting the privacy notice needs and does not have."""
        return [
            f"Privacy notice: {what} is not set; the notice says 'the study team' instead."
            for name, what in PRIVACY_SETTINGS.items()
            if not (getattr(self, name) or "").strip()
        ]

    @model_validator(mode="after")
    def _known_holidays(self) -> Settings:
        try:
            holidays.country_holidays(self.holidays_country, subdiv=self.holidays_subdivision)
        except NotImplementedError:
            raise ValueError(
                f"HOLIDAYS_COUNTRY={self.holidays_country!r} with HOLIDAYS_SUBDIVISION="
                f"{self.holidays_subdivision!r} is not known to the holidays package "
                "(try GB with ENG, WLS, SCT or NIR)"
            ) from None
        return self

    @field_validator("reminder_offsets_days", mode="before")
    @classmethod
    def _offsets(cls, value: Any) -> Any:
        return _comma_list(value)

    @field_validator("reminder_offsets_days")
    @classmethod
    def _offsets_sane(cls, value: list[int]) -> list[int]:
        if any(days < 0 or days > 60 for days in value):
            raise ValueError("each offset must be between 0 and 60 days")
        repeated = sorted({days for days in value if value.count(days) > 1})
        if repeated:
            raise ValueError(f"{', '.join(map(str, repeated))} is given more than once")
        return sorted(value, reverse=True)

    @field_validator("emergency_phrases", mode="before")
    @classmethod
    def _phrases(cls, value: Any) -> Any:
        return _comma_list(value)

    @property
    def home(self) -> Home:
        """Where these settings were read from (the current folder if made directly)."""
        return self._home or Home(Path.cwd(), Path.cwd() / ".env", "the current folder")

    @property
    def tz(self) -> ZoneInfo:
        """The programme's time zone, in which every time is shown."""
        return ZoneInfo(self.timezone)

    @property
    def file_url(self) -> str:
        """Bot API file URL: given, or derived from the API URL the way Telegram lays them out."""
        if self.telegram_file_url:
            return self.telegram_file_url.rstrip("/")
        base, _, last = self.telegram_api_url.rpartition("/")
        return f"{base}/file/{last}"

    def require_token(self) -> str:
        """The bot token, or a SettingsError telling the operator how to set it."""
        if self.telegram_bot_token is None:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: put the token @BotFather gave you in .env "
                "(see .env.example), or try `make demo`, which needs no token."
            )
        return self.telegram_bot_token.get_secret_value()


def settings_or_exit() -> Settings:
    """Load settings for a command-line entry point, or exit with one clear line."""
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"Configuration problem: {exc}", file=sys.stderr)  # noqa: T201
        raise SystemExit(2) from None


def load_settings(env_file: Path | None = None, **overrides: Any) -> Settings:
    """Read the settings from the home's `.env` and the environment, paths made absolute.

    The first validation problem becomes one plain line (SettingsError).
    """
    home = find_home(env_file)
    # `_env_file=None` (tests) reads the environment only, as pydantic-settings does.
    env_path = overrides.pop("_env_file", home.env_file)
    _refuse_empty_lists(env_path)
    try:
        settings = Settings(_env_file=env_path, **overrides)
    except ValidationError as exc:
        _raise_one_line(exc)
    settings = settings.model_copy(
        update={
            "database_path": _under(home.folder, settings.database_path),
            "content_dir": _under(home.folder, settings.content_dir),
        }
    )
    settings._home = home
    return settings


def _under(folder: Path, path: Path) -> Path:
    path = path.expanduser()
    return path if path.is_absolute() else folder / path


def _refuse_empty_lists(env_file: Path | None) -> None:
    """An empty REMINDER_OFFSETS_DAYS= is a mistake, not "the default" like other empty lines."""
    given: dict[str, str | None] = {}
    if env_file is not None and env_file.is_file():
        given.update({k.upper(): v for k, v in dotenv_values(env_file, encoding="utf-8").items()})
    given.update({k.upper(): v for k, v in os.environ.items()})
    for name in ("REMINDER_OFFSETS_DAYS",):
        if name in given and not (given[name] or "").strip():
            raise SettingsError(
                f"Setting {name}: is empty; give the days before each meeting, like 7,1, or "
                "remove the line to use the default. Fix it in .env or the environment; every "
                "setting is described in .env.example."
            )


def _raise_one_line(exc: ValidationError) -> NoReturn:
    error = exc.errors()[0]
    # One line, whatever a check quotes back (a value may hold a line break).
    reason = " ".join(str(error["msg"]).removeprefix("Value error, ").split())
    fix = "Fix it in .env or the environment; every setting is described in .env.example."
    if not error["loc"]:  # a check across settings: its message names them
        raise SettingsError(f"{reason}. {fix}") from None
    name = str(error["loc"][0]).upper()
    given = error.get("input")
    secret = name in {"TELEGRAM_BOT_TOKEN", "WEBHOOK_SECRET"}
    shown = "" if secret or given is None else f" (got {given!r})"
    reason = reason[:1].lower() + reason[1:]
    raise SettingsError(f"Setting {name}: {reason}{shown}. {fix}") from None
