"""Recognising "a store Kenes needs is unreachable right now" (PostgreSQL, SQLite, Redis).

Such an error is temporary: the resident is asked to try again in a minute, the readiness
probe fails, and nothing is retried blindly. The drivers report it in many shapes (a wrapped
``asyncpg`` error, a refused socket, a timeout), so the whole exception chain is looked at,
up to a Telegram error: a timeout talking to Telegram is not the database's fault.
"""

from __future__ import annotations

import sys
from functools import cache

from aiogram.exceptions import TelegramAPIError
from sqlalchemy.exc import DBAPIError, OperationalError

_ALWAYS: tuple[type[BaseException], ...] = (OperationalError, ConnectionError, TimeoutError)


@cache
def _driver_errors(asyncpg_loaded: bool, redis_loaded: bool) -> tuple[type[BaseException], ...]:
    """The drivers' own errors, of the drivers this process loaded: an error of a driver that
    was never imported cannot happen, and importing asyncpg and redis only to recognise their
    errors would cost every SQLite-only bot about 20 MB."""
    errors: list[type[BaseException]] = []
    if asyncpg_loaded:
        from asyncpg.exceptions import InterfaceError, PostgresConnectionError

        errors += [PostgresConnectionError, InterfaceError]
    if redis_loaded:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        errors += [RedisConnectionError, RedisTimeoutError]
    return _ALWAYS + tuple(errors)


def _unavailable() -> tuple[type[BaseException], ...]:
    return _driver_errors("asyncpg" in sys.modules, "redis" in sys.modules)


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def is_storage_unavailable(error: BaseException) -> bool:
    unavailable = _unavailable()
    for link in _chain(error):
        if isinstance(link, TelegramAPIError):  # Telegram's trouble, not a store's
            return False
        if isinstance(link, unavailable):
            return True
        if isinstance(link, DBAPIError) and link.connection_invalidated:
            return True
    return False
