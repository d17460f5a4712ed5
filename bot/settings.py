"""Kenes settings: environment variables with the ``KENES_`` prefix and an optional ``.env``.

Every setting is documented in ``.env.example``. A missing or malformed value stops start-up
with one line that names the variable (see :func:`load_settings`).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.setting_types import (
    WEBHOOK_SECRET,
    ApiUrl,
    BotToken,
    City,
    ConsoleUrl,
    DatabaseUrl,
    Language,
    OptionalLanguage,
    PulseMonths,
    RedisPrefix,
    RedisUrl,
    ReminderMinutes,
    TelegramIds,
    TimeZoneName,
    WebhookUrl,
)

OFFICIAL_BOT_API = "https://api.telegram.org"
DEFAULT_HTTP_PORT = 8080
# Anyone who guesses the webhook secret can post updates as any resident or moderator.
MIN_WEBHOOK_SECRET = 32


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="KENES_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
    )

    bot_token: BotToken = None
    telegram_api_url: ApiUrl = OFFICIAL_BOT_API
    database_url: DatabaseUrl = "sqlite+aiosqlite:///data/kenes.db"
    akimat_database_url: DatabaseUrl = "sqlite+aiosqlite:///data/akimat.db"
    redis_url: RedisUrl = None
    fsm_storage: Literal["memory", "database", "redis"] | None = None
    admin_ids: TelegramIds = Field(default_factory=list)
    moderator_chat_id: int | None = None
    moderator_chat_language: OptionalLanguage = None  # of the group's cards; default_language
    # Remove from the moderators' group whoever joins it and is not staff (else only report).
    moderator_chat_strict: bool = True
    # A question to a moderator (a reason, a text, a photo, a confirmation) expires after this.
    moderator_prompt_seconds: float = Field(default=900.0, ge=1, le=86_400)
    queue_interval: float = Field(default=60.0, gt=0, le=3600)
    card_claim_lease: float = Field(default=180.0, gt=0, le=3600)
    slow_job_seconds: float = Field(default=5.0, gt=0, le=86_400)  # logged at INFO past this
    timezone: TimeZoneName = "Asia/Almaty"
    default_language: Language = "kk"
    city: City = "almaty"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = False
    polling_timeout: int = Field(default=25, ge=0, le=50)
    webhook_url: WebhookUrl = None
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    # The key of the pseudonyms kept of erased residents and in the audit log
    # (services/pseudonym.py): required with a webhook; otherwise generated once into the
    # data folder (next to the SQLite database, or data/).
    pseudonym_key: SecretStr | None = Field(default=None, validate_default=True)
    http_host: str = "127.0.0.1"
    http_port: int | None = Field(default=None, ge=1, le=65535)
    redis_prefix: RedisPrefix = "kenes"
    leader_retry_seconds: float = Field(default=5.0, gt=0, le=60)
    concurrent_updates: int = Field(default=64, ge=1, le=10_000)
    playground_host: str = "127.0.0.1"
    playground_port: int = Field(default=8080, ge=0, le=65535)
    max_needs_per_day: int = Field(default=5, ge=1)
    max_questions_per_hearing: int = Field(default=3, ge=1, le=100)
    # Privacy (docs/privacy.md): how long each kind of data is kept, in days.
    erasure_memory_days: int = Field(default=30, ge=1, le=3660)
    abandoned_flow_days: int = Field(default=30, ge=1, le=3660)
    closed_need_photo_days: int = Field(default=365, ge=1, le=36600)
    refusal_audit_days: int = Field(default=90, ge=1, le=3660)
    refusals_audited_per_hour: int = Field(default=5, ge=1, le=1000)
    # Drafts compared with the accepted needs nearby, per resident and day (issue 14 part 5).
    max_duplicate_lookups_per_day: int = Field(default=10, ge=0)
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
    pulse_months: PulseMonths = Field(default_factory=lambda: [1, 4, 7, 10])
    pulse_day: int = Field(default=15, ge=1, le=28)
    pulse_hour: int = Field(default=10, ge=0, le=23)
    pulse_open_days: int = Field(default=14, ge=1, le=60)
    # The akimat's console (console/, docs/console.md): served by `kenes run` on its own
    # address (port 0: any free port), or in webhook mode on the webhook's server.
    console_enabled: bool = True
    console_host: str = "127.0.0.1"
    console_port: int = Field(default=8081, ge=0, le=65535)
    console_url: ConsoleUrl = None  # the public base URL of sign-in links; default: host:port
    console_idle_minutes: int = Field(default=480, ge=1, le=10_080)
    console_secret: SecretStr | None = None  # signs sign-in links; default: from the token
    # Public hearings: reminders this many minutes before (24 h and 1 h).
    hearing_reminders: ReminderMinutes = Field(default_factory=lambda: [1440, 60])

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is None:
            if info.data.get("webhook_url"):
                raise ValueError("must be set when KENES_WEBHOOK_URL is set")
            return None
        secret = value.get_secret_value()
        if not WEBHOOK_SECRET.match(secret):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        if len(secret) < MIN_WEBHOOK_SECRET:
            raise ValueError(
                f"must be at least {MIN_WEBHOOK_SECRET} characters (openssl rand -hex 32 "
                f"gives 64), not {len(secret)}"
            )
        return value

    @field_validator("pseudonym_key")
    @classmethod
    def _pseudonym_key(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is None:
            if info.data.get("webhook_url"):
                raise ValueError("must be set when KENES_WEBHOOK_URL is set")
            return None
        if len(value.get_secret_value()) < 32:
            raise ValueError("must be at least 32 characters (e.g. `openssl rand -hex 32`)")
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
