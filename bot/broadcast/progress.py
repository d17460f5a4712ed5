"""The progress message: one message in the moderator's chat, edited as the broadcast goes
(at most once per ``KENES_BROADCAST_PROGRESS_INTERVAL``, and only when a number changed)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcast.limiter import RateLimiter
from bot.i18n import format_number
from models.broadcast import Broadcast, BroadcastState, Progress
from services import broadcasts

logger = logging.getLogger(__name__)


def progress_text(broadcast_id: int, progress: Progress, locale: str) -> str:
    """In the current locale; numbers in ``locale``'s format."""
    if progress.state == BroadcastState.DONE:
        title = _("✅ <b>Broadcast #{number} finished</b>")
    elif progress.state == BroadcastState.CANCELLED:
        title = _("⏹ <b>Broadcast #{number} stopped</b>")
    else:
        title = _("📣 <b>Broadcast #{number} is being sent</b>")
    return "\n".join(
        [
            title.format(number=broadcast_id),
            _("Sent: {sent} of {total}").format(
                sent=format_number(progress.sent, locale),
                total=format_number(progress.total, locale),
            ),
            _("Not delivered: {failed}").format(failed=format_number(progress.failed, locale)),
            _("Blocked the bot: {blocked}").format(
                blocked=format_number(progress.blocked, locale)
            ),
        ]
    )


class ProgressMessage:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        i18n: I18n,
        limiter: RateLimiter,
        broadcast: Broadcast,
    ) -> None:
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.i18n = i18n
        self.limiter = limiter
        self.broadcast_id = broadcast.id
        self.chat_id = broadcast.progress_chat_id
        self.message_id = broadcast.progress_message_id
        self.language = broadcast.progress_language or i18n.default_locale
        self.shown: Progress | None = None

    async def follow(self, interval: float, done: asyncio.Event) -> None:
        """Show the progress every ``interval`` seconds until ``done`` is set (never cut off
        in the middle of sending the message, so there is only ever one)."""
        while not done.is_set():
            try:
                async with self.sessionmaker() as session:
                    progress = await broadcasts.progress(session, self.broadcast_id)
            except DBAPIError:
                logger.warning("broadcast %s: progress not read", self.broadcast_id)
                progress = None
            if progress is not None:
                await self.show(progress)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), interval)

    async def show(self, progress: Progress) -> None:
        if self.chat_id is None or progress == self.shown:
            return
        with self.i18n.context(), self.i18n.use_locale(self.language):
            text = progress_text(self.broadcast_id, progress, self.language)
        await self.limiter.acquire(self.chat_id)
        try:
            if self.message_id is None:
                message = await self.bot.send_message(self.chat_id, text)
                self.message_id = message.message_id
                async with self.sessionmaker() as session:
                    await broadcasts.set_progress_message(
                        session, self.broadcast_id, message.message_id
                    )
            else:
                await self.bot.edit_message_text(
                    text, chat_id=self.chat_id, message_id=self.message_id
                )
        except TelegramAPIError as error:
            logger.warning("broadcast %s: progress not shown: %s", self.broadcast_id, error)
            return
        self.shown = progress
