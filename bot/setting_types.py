"""What a valid value of each kind of Kenes setting looks like: the annotated types that
``bot.settings.Settings`` declares its fields with. A wrong value fails with a message that
says what is expected; ``bot.settings.load_settings`` adds the variable's name."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BeforeValidator, SecretStr
from pydantic_settings import NoDecode

from bot.catalog import load_catalog
from bot.i18n import LANGUAGES

_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_HTTP_URL = re.compile(r"^https?://[^\s/]+")
_DB_SCHEMES = ("sqlite+aiosqlite://", "postgresql+asyncpg://")
_REDIS_PREFIX = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_CITY = re.compile(r"^[a-z][a-z0-9_-]*$")
WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def split_ids(value: object) -> object:
    """Accept ``1,2``, ``1 2``, ``[1, 2]`` or a single ``1`` for a list of Telegram ids."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return []
        if text.startswith("["):
            return json.loads(text)
        return [part for part in re.split(r"[\s,;]+", text) if part]
    return value


def _numbers(problem: str) -> Callable[[object], object]:
    """A list of numbers typed as text, or ``problem`` when it cannot be read."""

    def split(value: object) -> object:
        try:
            return split_ids(value)
        except json.JSONDecodeError as error:
            raise ValueError(problem) from error

    return split


def _token(value: SecretStr | None) -> SecretStr | None:
    if value is not None and not _TOKEN.match(value.get_secret_value()):
        raise ValueError("must look like 123456789:AA... (the token @BotFather gave)")
    return value


def _api_url(value: str) -> str:
    if not _HTTP_URL.match(value):
        raise ValueError("must be an http(s) URL, e.g. https://api.telegram.org")
    return value.rstrip("/")


def _db_url(value: str) -> str:
    if value.startswith("postgresql://"):
        value = "postgresql+asyncpg://" + value.removeprefix("postgresql://")
    if not value.startswith(_DB_SCHEMES):
        raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
    return value


def _redis_url(value: str | None) -> str | None:
    if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("must start with redis://, rediss:// or unix://")
    return value


def _webhook_url(value: str | None) -> str | None:
    if value is not None and not _HTTP_URL.match(value):
        raise ValueError("must be the public URL Telegram calls, e.g. https://bot.example.kz/tg")
    return value


def _console_url(value: str | None) -> str | None:
    if value is not None and not _HTTP_URL.match(value):
        raise ValueError("must be the console's public URL, e.g. https://kenes.example.kz/console")
    return value.rstrip("/") if value else value


def _redis_prefix(value: str) -> str:
    if not _REDIS_PREFIX.match(value):
        raise ValueError("must be 1-64 characters of A-Z, a-z, 0-9, _ . : -")
    return value


def _one_month_a_quarter(value: list[int]) -> list[int]:
    if not value or any(not 1 <= month <= 12 for month in value):
        raise ValueError("must be month numbers from 1 to 12, e.g. 1,4,7,10")
    quarters = [(month - 1) // 3 for month in value]
    if len(set(quarters)) != len(quarters):
        raise ValueError("must name at most one month of each quarter, e.g. 1,4,7,10")
    return sorted(value)


def _reminder_minutes(value: list[int]) -> list[int]:
    if any(not 1 <= minutes <= 20_160 for minutes in value):
        raise ValueError("each must be from 1 to 20160 minutes (two weeks)")
    return sorted(set(value), reverse=True)


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError("must be an IANA time zone such as Asia/Almaty") from error
    return value


def _language(value: str | None) -> str | None:
    if value is not None and value not in LANGUAGES:
        raise ValueError("must be one of: " + ", ".join(LANGUAGES))
    return value


def _city(value: str) -> str:
    if not _CITY.match(value):
        raise ValueError("must be a city code such as almaty, astana or turkistan")
    load_catalog(value)  # an unknown city or a broken file stops start-up here
    return value


BotToken = Annotated[SecretStr | None, AfterValidator(_token)]
ApiUrl = Annotated[str, AfterValidator(_api_url)]
DatabaseUrl = Annotated[str, AfterValidator(_db_url)]
RedisUrl = Annotated[str | None, AfterValidator(_redis_url)]
WebhookUrl = Annotated[str | None, AfterValidator(_webhook_url)]
ConsoleUrl = Annotated[str | None, AfterValidator(_console_url)]
RedisPrefix = Annotated[str, AfterValidator(_redis_prefix)]
TelegramIds = Annotated[
    list[int],
    NoDecode,
    BeforeValidator(_numbers("must be Telegram user ids separated by commas")),
]
PulseMonths = Annotated[
    list[int],
    NoDecode,
    BeforeValidator(_numbers("must be month numbers separated by commas, e.g. 1,4,7,10")),
    AfterValidator(_one_month_a_quarter),
]
ReminderMinutes = Annotated[
    list[int],
    NoDecode,
    BeforeValidator(_numbers("must be minutes separated by commas, e.g. 1440,60")),
    AfterValidator(_reminder_minutes),
]
TimeZoneName = Annotated[str, AfterValidator(_timezone)]
Language = Annotated[str, AfterValidator(_language)]
OptionalLanguage = Annotated[str | None, AfterValidator(_language)]
City = Annotated[str, AfterValidator(_city)]
