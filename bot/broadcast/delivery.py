"""Sending one delivery and recording what Telegram said.

The record is written right after Telegram's answer, in its own transaction. The send and
its record run as one task shielded from cancellation, so stopping the runner (shutdown,
restart) waits until every message handed to Telegram is recorded: a graceful restart
neither repeats nor skips anyone. What remains is the crash window: if the process dies
(kill -9, power loss) after Telegram accepted a message and before its record committed, or
if a network error hides whether Telegram accepted it, that delivery is still ``pending``
and is sent again on resume. At most ``KENES_BROADCAST_CONCURRENCY`` residents can be in
that window at once; Telegram has no idempotency key that would close it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.utils.i18n import I18n
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcast.limiter import RateLimiter
from bot.broadcast.renderers import Rendered, Renderer
from bot.settings import Settings
from bot.telegram import caller_retries
from models.broadcast import Recipient
from services import deliveries

logger = logging.getLogger(__name__)
PERMANENT = (TelegramBadRequest, TelegramNotFound, TelegramEntityTooLarge)
RECORD_ATTEMPTS = 6
Mark = Callable[[AsyncSession, Recipient, str], Awaitable[None]]


@dataclass
class Sender:
    """What a run needs to deliver: the bot, the database, the limits."""

    bot: Bot
    sessionmaker: async_sessionmaker[AsyncSession]
    i18n: I18n
    limiter: RateLimiter
    settings: Settings
    in_flight: set[asyncio.Task[bool]] = field(default_factory=set)

    async def render(
        self, render: Renderer, recipient: Recipient, subject_id: int | None
    ) -> Rendered:
        with self.i18n.context(), self.i18n.use_locale(recipient.language):
            async with self.sessionmaker() as session:
                return await render(recipient, subject_id, session)

    async def deliver(self, recipient: Recipient, rendered: Rendered) -> None:
        """Wait for the limiter, send, record; after a 429, wait the pause and send again."""
        while True:
            await self.limiter.acquire(recipient.telegram_id)
            task = asyncio.ensure_future(self._send_and_record(recipient, rendered))
            self.in_flight.add(task)
            task.add_done_callback(self.in_flight.discard)
            if not await asyncio.shield(task):
                return

    async def _send_and_record(self, recipient: Recipient, rendered: Rendered) -> bool:
        """``True`` when the message must be sent again after a pause (429)."""
        text, markup = rendered[0], rendered[1]
        paid = True if self.settings.broadcast_paid else None
        try:
            with caller_retries():
                if len(rendered) == 3:
                    await self.bot.send_photo(
                        recipient.telegram_id,
                        rendered[2],
                        caption=text,
                        reply_markup=markup,
                        allow_paid_broadcast=paid,
                    )
                else:
                    await self.bot.send_message(
                        recipient.telegram_id,
                        text,
                        reply_markup=markup,
                        allow_paid_broadcast=paid,
                    )
        except TelegramRetryAfter as error:
            logger.warning("broadcast: flood control, all sending paused %ss", error.retry_after)
            await self.limiter.pause(error.retry_after)
            return True
        except TelegramForbiddenError as error:
            await self._record(deliveries.mark_blocked, recipient, error.message)
        except PERMANENT as error:
            await self._record(deliveries.mark_failed, recipient, _describe(error))
        except (TelegramAPIError, TimeoutError) as error:
            await self._record(self._retry_later, recipient, _describe(error))
        else:
            await self._record(deliveries.mark_sent, recipient, "")
        return False

    async def _retry_later(self, session: AsyncSession, recipient: Recipient, error: str) -> None:
        await deliveries.retry_later(
            session,
            recipient,
            error,
            max_attempts=self.settings.broadcast_max_attempts,
            delay=self.settings.broadcast_retry_delay,
        )

    async def _record(self, mark: Mark, recipient: Recipient, error: str) -> None:
        """Record Telegram's answer; a database hiccup is retried, since a message that was
        sent but not recorded would be sent again."""
        for attempt in range(RECORD_ATTEMPTS):
            try:
                async with self.sessionmaker() as session:
                    await mark(session, recipient, error)
                return
            except DBAPIError:
                if attempt == RECORD_ATTEMPTS - 1:
                    raise
                logger.warning("delivery %s not recorded yet, retrying", recipient.delivery_id)
                await asyncio.sleep(0.2 * 2**attempt)


def _describe(error: BaseException) -> str:
    message = getattr(error, "message", None) or str(error)
    return f"{type(error).__name__}: {message}"
