"""Settings from the environment and `.env`, validated once at start.

Every setting is documented in `.env.example`. A missing or malformed one stops the bot with one
line naming the setting and how to fix it (see `load_settings`).
"""

from __future__ import annotations

import re
import sys
from datetime import time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.office_hours import parse_days

TELEGRAM_API_URL = "https://api.telegram.org/bot"
_TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")

# Extra phrases that count as an emergency. The built-in detector (bot/understanding/safety.py)
# already knows emergencies in people's own words; configured phrases add to it.
DEFAULT_EMERGENCY_PHRASES: tuple[str, ...] = ()


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line meant for the operator."""


def _comma_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
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
    sweep_interval_seconds: float = Field(default=30.0, gt=0, le=3600)
    send_rate_per_second: float = Field(default=30.0, gt=0, le=30)

    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_SHAPE.match(value.get_secret_value()):
            raise ValueError("does not look like a bot token (digits, a colon, then letters)")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        if not re.match(r"^https?://[^/]+(/.*)?$", value):
            raise ValueError("must be a URL such as http://127.0.0.1:8081/bot")
        return value.rstrip("/")

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
        return sorted(set(value), reverse=True)

    @field_validator("emergency_phrases", mode="before")
    @classmethod
    def _phrases(cls, value: Any) -> Any:
        return _comma_list(value)

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


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, turning the first validation problem into one plain line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        error = exc.errors()[0]
        reason = str(error["msg"]).removeprefix("Value error, ")
        fix = "Fix it in .env or the environment; every setting is described in .env.example."
        if not error["loc"]:  # a check across settings: its message names them
            raise SettingsError(f"{reason}. {fix}") from None
        name = str(error["loc"][0]).upper()
        given = error.get("input")
        shown = "" if name == "TELEGRAM_BOT_TOKEN" or given is None else f" (got {given!r})"
        reason = reason[:1].lower() + reason[1:]
        raise SettingsError(f"Setting {name}: {reason}{shown}. {fix}") from None
