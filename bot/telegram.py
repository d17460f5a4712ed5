"""The Bot object: its API server (Telegram or the local emulator) and how it survives faults.

Every request goes through :class:`ResilientRequests`: on 429 it waits ``retry_after`` and
tries again, on 5xx and network errors it backs off a bounded number of times, and an edit
that changes nothing ("message is not modified") counts as done.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiohttp import TCPConnector

from bot.metrics import Metrics

logger = logging.getLogger(__name__)

# Set by :func:`caller_retries`: requests made inside raise Telegram's errors at once.
_caller_retries: ContextVar[bool] = ContextVar("kenes_caller_retries", default=False)

_EDIT_METHODS = {"editMessageText", "editMessageReplyMarkup", "editMessageCaption"}

# aiogram reads every reply as ``Response[<the method's result type>]``. pydantic keeps such
# parametrised models only weakly, so each garbage collection used to drop them and the next
# request built the model again (about 1.5 ms; 7 % of an instance's CPU in a poll's burst,
# issue 19). Holding them here makes every later one a dictionary look-up. Not getUpdates':
# ``Response[list[Update]]`` validates every kind of update, 3.5 MB of idle RSS held for a
# request that long polling makes once in its timeout (and a webhook never).
_RESPONSE_TYPES: dict[Any, Any] = {}


def keep_response_type(method: TelegramMethod[Any]) -> None:
    returning = method.__returning__
    if returning not in _RESPONSE_TYPES:
        _RESPONSE_TYPES[returning] = Response[returning]  # type: ignore[valid-type]


class ResilientRequests(BaseRequestMiddleware):
    def __init__(
        self,
        *,
        max_attempts: int = 5,
        base_delay: float = 0.5,
        max_delay: float = 20.0,
        max_retry_after: float = 300.0,
        metrics: Metrics | None = None,
    ) -> None:
        self.metrics = metrics
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if method.__api_method__ == GetUpdates.__api_method__:  # polling has its own backoff
            return await make_request(bot, method)
        keep_response_type(method)
        if _caller_retries.get():
            return await make_request(bot, method)
        attempt = 0
        while True:
            attempt += 1
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt >= self.max_attempts * 4 or error.retry_after > self.max_retry_after:
                    raise
                logger.warning(
                    "%s: flood control, waiting %ss", method.__api_method__, error.retry_after
                )
                self._count("flood")
                await asyncio.sleep(error.retry_after)
            except (TelegramServerError, TelegramNetworkError) as error:
                if attempt >= self.max_attempts:
                    raise
                delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
                delay *= 1 + random.random() / 4
                self._count("server" if isinstance(error, TelegramServerError) else "network")
                logger.warning(
                    "%s failed (%s), retry %s in %.1fs",
                    method.__api_method__,
                    error.message,
                    attempt,
                    delay,
                )
                await asyncio.sleep(delay)
            except TelegramBadRequest as error:
                if method.__api_method__ in _EDIT_METHODS and "not modified" in error.message:
                    return True  # type: ignore[return-value]  # edits answer Message | True
                raise

    def _count(self, reason: str) -> None:
        if self.metrics is not None:
            self.metrics.telegram_retries.labels(reason).inc()


@contextlib.contextmanager
def caller_retries() -> Iterator[None]:
    """Inside this block :class:`ResilientRequests` does not retry: every error reaches the
    caller, which has its own policy. The broadcaster uses it, so that a 429 pauses all of
    its sending (not one request) and a failed message is retried later from the database."""
    token = _caller_retries.set(True)
    try:
        yield
    finally:
        _caller_retries.reset(token)


class TelegramSession(AiohttpSession):
    """aiogram's session, but with a plain-HTTP Bot API (a local server, the emulator) it
    neither makes a TLS context (aiogram's loads certifi's CA bundle into memory) nor waits
    for TLS connections to shut down when closing (aiogram always sleeps 250 ms)."""

    def __init__(self, api: TelegramAPIServer, *, timeout: float) -> None:
        self._tls = api.base.startswith("https:")
        if self._tls:
            super().__init__(api=api, timeout=timeout)
            return
        # AiohttpSession.__init__ (aiogram 3.31) without its "ssl" context; the unit test
        # test_telegram.py checks that both set the same attributes
        BaseSession.__init__(self, api=api, timeout=timeout)
        self._session = None
        self._connector_type = TCPConnector
        self._connector_init = {"limit": 100, "ttl_dns_cache": 3600}
        self._should_reset_connector = True
        self._proxy = None

    async def close(self) -> None:
        if self._tls:
            await super().close()
        elif self._session is not None and not self._session.closed:
            await self._session.close()


def create_bot(
    token: str, api_url: str, *, request_timeout: float = 60.0, metrics: Metrics | None = None
) -> Bot:
    session = TelegramSession(TelegramAPIServer.from_base(api_url), timeout=request_timeout)
    session.middleware(ResilientRequests(metrics=metrics))
    return Bot(
        token=token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
