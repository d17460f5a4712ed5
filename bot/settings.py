"""Kenes settings: environment variables with the ``KENES_`` prefix and an optional ``.env``.

Every setting is documented in ``.env.example``. A missing or malformed value stops start-up
with one line that names the variable (see :func:`load_settings`).
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.catalog import load_catalog
from bot.i18n import LANGUAGES

OFFICIAL_BOT_API = "https://api.telegram.org"
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_DB_SCHEMES = ("sqlite+aiosqlite://", "postgresql+asyncpg://")
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_REDIS_PREFIX = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
DEFAULT_HTTP_PORT = 8080


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the variable."""


def _split_ids(value: object) -> object:
    """Accept ``1,2``, ``1 2``, ``[1, 2]`` or a single ``1`` for a list of Telegram ids."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return []
        if text.startswith("["):
            return json.loads(text)
        return [part for part in re.split(r"[\s,;]+", text) if part]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="KENES_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
    )

    bot_token: SecretStr | None = None
    telegram_api_url: str = OFFICIAL_BOT_API
    database_url: str = "sqlite+aiosqlite:///data/kenes.db"
    akimat_database_url: str = "sqlite+aiosqlite:///data/akimat.db"
    redis_url: str | None = None
    fsm_storage: Literal["memory", "database", "redis"] | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    moderator_chat_id: int | None = None
    moderator_chat_language: str | None = None  # of the cards in the group; default_language
    queue_interval: float = Field(default=60.0, gt=0, le=3600)
    timezone: str = "Asia/Almaty"
    default_language: str = "kk"
    city: str = "almaty"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = False
    polling_timeout: int = Field(default=25, ge=0, le=50)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    http_host: str = "127.0.0.1"
    http_port: int | None = Field(default=None, ge=1, le=65535)
    redis_prefix: str = "kenes"
    leader_retry_seconds: float = Field(default=5.0, gt=0, le=60)
    concurrent_updates: int = Field(default=64, ge=1, le=10_000)
    playground_host: str = "127.0.0.1"
    playground_port: int = Field(default=8080, ge=0, le=65535)
    max_needs_per_day: int = Field(default=5, ge=1)
    flood_burst: int = Field(default=20, ge=1)
    flood_rate: float = Field(default=2.0, gt=0)
    # The broadcaster (bot/broadcast/): Telegram allows a bot about 30 messages a second
    # (up to 1000 with paid broadcasts) and about one a second in a chat.
    broadcast_rate: float = Field(default=30.0, gt=0, le=1000)
    broadcast_paid: bool = False
    broadcast_chat_interval: float = Field(default=1.0, ge=0, le=60)
    broadcast_concurrency: int = Field(default=8, ge=1, le=100)
    broadcast_max_attempts: int = Field(default=5, ge=1, le=20)
    broadcast_retry_delay: float = Field(default=5.0, gt=0, le=3600)
    broadcast_progress_interval: float = Field(default=2.0, gt=0, le=600)
    broadcast_lease: float = Field(default=60.0, ge=3, le=3600)
    broadcast_redis_prefix: str = "kenes:{broadcast}"
    # The export to the akimat's database (services/export/) and the moderators' digests.
    export_min_cell: int = Field(default=3, ge=1, le=1000)
    export_alert_after: int = Field(default=3, ge=1, le=1000)
    export_retry_seconds: float = Field(default=60.0, gt=0, le=86_400)
    export_retry_max_seconds: float = Field(default=3600.0, gt=0, le=86_400)
    export_claim_seconds: float = Field(default=900.0, ge=1, le=86_400)
    export_catch_up_days: int = Field(default=400, ge=1, le=3660)
    # Polls: how often the leader looks for polls to open and close (besides their own jobs).
    poll_sweep_seconds: float = Field(default=60.0, ge=1, le=3600)
    # The SDG 16.7.2 pulse: once a quarter, in these months (one per quarter), on this day
    # at this hour (KENES_TIMEZONE), open for this many days.
    pulse_enabled: bool = True
    pulse_months: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [1, 4, 7, 10])
    pulse_day: int = Field(default=15, ge=1, le=28)
    pulse_hour: int = Field(default=10, ge=0, le=23)
    pulse_open_days: int = Field(default=14, ge=1, le=60)
    # Public hearings: reminders this many minutes before (24 h and 1 h).
    hearing_reminders: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [1440, 60])

    @field_validator("bot_token")
    @classmethod
    def _token_format(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN.match(value.get_secret_value()):
            raise ValueError("must look like 123456789:AA... (the token @BotFather gave)")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s) URL, e.g. https://api.telegram.org")
        return value.rstrip("/")

    @field_validator("database_url", "akimat_database_url")
    @classmethod
    def _db_url(cls, value: str) -> str:
        if value.startswith("postgresql://"):
            value = "postgresql+asyncpg://" + value.removeprefix("postgresql://")
        if not value.startswith(_DB_SCHEMES):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^\s/]+", value):
            raise ValueError(
                "must be the public URL Telegram calls, e.g. https://bot.example.kz/tg"
            )
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is None:
            if info.data.get("webhook_url"):
                raise ValueError("must be set when KENES_WEBHOOK_URL is set")
            return None
        if not _WEBHOOK_SECRET.match(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("redis_prefix")
    @classmethod
    def _redis_prefix(cls, value: str) -> str:
        if not _REDIS_PREFIX.match(value):
            raise ValueError("must be 1-64 characters of A-Z, a-z, 0-9, _ . : -")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: object) -> object:
        try:
            return _split_ids(value)
        except json.JSONDecodeError as error:
            raise ValueError("must be Telegram user ids separated by commas") from error

    @field_validator("pulse_months", mode="before")
    @classmethod
    def _pulse_months(cls, value: object) -> object:
        try:
            return _split_ids(value)
        except json.JSONDecodeError as error:
            raise ValueError("must be month numbers separated by commas, e.g. 1,4,7,10") from error

    @field_validator("pulse_months")
    @classmethod
    def _one_month_a_quarter(cls, value: list[int]) -> list[int]:
        if not value or any(not 1 <= month <= 12 for month in value):
            raise ValueError("must be month numbers from 1 to 12, e.g. 1,4,7,10")
        quarters = [(month - 1) // 3 for month in value]
        if len(set(quarters)) != len(quarters):
            raise ValueError("must name at most one month of each quarter, e.g. 1,4,7,10")
        return sorted(value)

    @field_validator("hearing_reminders", mode="before")
    @classmethod
    def _reminders(cls, value: object) -> object:
        try:
            return _split_ids(value)
        except json.JSONDecodeError as error:
            raise ValueError("must be minutes separated by commas, e.g. 1440,60") from error

    @field_validator("hearing_reminders")
    @classmethod
    def _reminder_minutes(cls, value: list[int]) -> list[int]:
        if any(not 1 <= minutes <= 20_160 for minutes in value):
            raise ValueError("each must be from 1 to 20160 minutes (two weeks)")
        return sorted(set(value), reverse=True)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError("must be an IANA time zone such as Asia/Almaty") from error
        return value

    @field_validator("default_language", "moderator_chat_language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and value not in LANGUAGES:
            raise ValueError("must be one of: " + ", ".join(LANGUAGES))
        return value

    @field_validator("city")
    @classmethod
    def _city(cls, value: str) -> str:
        if not re.match(r"^[a-z][a-z0-9_-]*$", value):
            raise ValueError("must be a city code such as almaty, astana or turkistan")
        load_catalog(value)  # an unknown city or a broken file stops start-up here
        return value

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def storage_kind(self) -> Literal["memory", "database", "redis"]:
        """FSM storage: explicit setting, else Redis when configured, else the database."""
        if self.fsm_storage is not None:
            return self.fsm_storage
        return "redis" if self.redis_url else "database"

    @property
    def webhook_path(self) -> str:
        """The path Kenes serves the webhook on: the path of ``KENES_WEBHOOK_URL``."""
        path = urlsplit(self.webhook_url or "").path.rstrip("/")
        return path or "/webhook"

    @property
    def listen_port(self) -> int | None:
        """Port of the HTTP server: set, or the default in webhook mode, or none (polling)."""
        if self.http_port is not None:
            return self.http_port
        return DEFAULT_HTTP_PORT if self.webhook_url else None

    @property
    def group_language(self) -> str:
        """The language of the cards posted to the moderators' group."""
        return self.moderator_chat_language or self.default_language

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.admin_ids


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    name = "KENES_" + str(first["loc"][0]).upper() if first["loc"] else "settings"
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{name}: {message}"


def load_settings(env_file: Path | str | None = ".env") -> Settings:
    """Read the settings, turning a validation error into one clear line."""
    try:
        return Settings(_env_file=env_file)
    except ValidationError as error:
        raise SettingsError(_describe(error)) from None
