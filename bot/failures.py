"""Recognising "a store Kenes needs is unreachable right now" (PostgreSQL, SQLite, Redis).

Such an error is temporary: the resident is asked to try again in a minute, the readiness
probe fails, and nothing is retried blindly. The drivers report it in many shapes (a wrapped
``asyncpg`` error, a refused socket, a timeout), so the whole exception chain is looked at,
up to a Telegram error: a timeout talking to Telegram is not the database's fault.
"""

from __future__ import annotations

from aiogram.exceptions import TelegramAPIError
from asyncpg.exceptions import InterfaceError as AsyncpgInterfaceError
from asyncpg.exceptions import PostgresConnectionError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, OperationalError

_UNAVAILABLE = (
    OperationalError,
    ConnectionError,
    TimeoutError,
    PostgresConnectionError,
    AsyncpgInterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
)


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def is_storage_unavailable(error: BaseException) -> bool:
    for link in _chain(error):
        if isinstance(link, TelegramAPIError):  # Telegram's trouble, not a store's
            return False
        if isinstance(link, _UNAVAILABLE):
            return True
        if isinstance(link, DBAPIError) and link.connection_invalidated:
            return True
    return False
