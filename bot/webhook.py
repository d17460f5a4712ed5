"""The webhook endpoint: Telegram (or the emulator) POSTs each update here.

A request is handled only with the right ``X-Telegram-Bot-Api-Secret-Token`` (else 401 and
nothing happens). The answer comes after the update has been handled, so an update whose
instance dies half-way is not acknowledged and Telegram delivers it again; ``bot.dedupe``
makes sure a delivery that did succeed is not handled twice.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiohttp import web
from pydantic import SecretStr, ValidationError

from bot.dedupe import Claim, UpdateClaims
from bot.failures import is_storage_unavailable
from bot.metrics import Metrics

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_LATER = {"Retry-After": "5"}


class WebhookEndpoint:
    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        secret: SecretStr,
        *,
        claims: UpdateClaims,
        metrics: Metrics,
    ) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.secret = secret.get_secret_value()
        self._slots = asyncio.Semaphore(64)
        self.claims = claims
        self.metrics = metrics
        self.draining = False  # shutting down: let another instance (or a retry) have it

    def limit(self, concurrent_updates: int) -> None:
        """At most this many updates handled at once (KENES_CONCURRENT_UPDATES, as polling)."""
        self._slots = asyncio.Semaphore(concurrent_updates)

    def _outcome(self, outcome: str) -> None:
        self.metrics.webhook.labels(outcome).inc()

    async def __call__(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not secrets.compare_digest(given.encode(), self.secret.encode()):
            self._outcome("unauthorized")
            return web.Response(status=401, text="Unauthorized")
        if self.draining:
            self._outcome("draining")
            return web.Response(status=503, text="Shutting down", headers=RETRY_LATER)
        try:
            update = Update.model_validate(await request.json(), context={"bot": self.bot})
        except (ValueError, ValidationError):
            self._outcome("bad_request")
            return web.Response(status=400, text="Not an update")
        return await self._handle(update)

    async def _handle(self, update: Update) -> web.Response:
        checked = True
        try:
            claim = await self.claims.claim(update.update_id)
        except Exception as error:
            if not is_storage_unavailable(error):
                raise
            # Fail open: the store that holds claims is down, and the handler will most
            # likely tell the resident to try again in a minute. A rare double is better
            # than an update refused until the store is back.
            logger.warning("update %s: claim store unavailable", update.update_id)
            claim, checked = Claim.NEW, False
        if claim is Claim.DONE:
            self._outcome("duplicate")
            return web.json_response({})
        if claim is Claim.BUSY:
            self._outcome("busy")
            return web.Response(status=503, text="Being handled", headers=RETRY_LATER)
        try:
            async with self._slots:
                result = await self.dispatcher.feed_update(self.bot, update)
            if isinstance(result, TelegramMethod):
                await self.dispatcher.silent_call_request(self.bot, result)
        except Exception:
            if checked:
                await self._settle(self.claims.release, update.update_id)
            raise
        if checked:
            await self._settle(self.claims.finish, update.update_id)
        self._outcome("handled" if checked else "unchecked")
        return web.json_response({})

    @staticmethod
    async def _settle(action: Callable[[int], Awaitable[None]], update_id: int) -> None:
        try:
            await action(update_id)
        except Exception as error:
            if not is_storage_unavailable(error):
                raise
            logger.warning("update %s: claim not recorded (store unavailable)", update_id)
