"""Photos of needs for the browser: fetched from Telegram (``getFile``, then the file) by
the server, so the bot's token never reaches the browser, and kept in a small cache."""

from __future__ import annotations

import asyncio
import io
import logging
from collections import OrderedDict

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

logger = logging.getLogger(__name__)
CACHE_BYTES = 64 * 1024 * 1024
TIMEOUT = 20.0


class PhotoCache:
    """The most recently shown photos, up to ``limit`` bytes in all (least recent go first)."""

    def __init__(self, bot: Bot, *, limit: int = CACHE_BYTES) -> None:
        self.bot = bot
        self.limit = limit
        self._files: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = asyncio.Lock()

    async def get(self, file_id: str) -> bytes | None:
        cached = self._files.get(file_id)
        if cached is not None:
            self._files.move_to_end(file_id)
            return cached
        try:
            async with asyncio.timeout(TIMEOUT):
                buffer = io.BytesIO()
                await self.bot.download(file_id, destination=buffer)
        except (TelegramAPIError, TimeoutError, OSError) as error:
            logger.warning("a need's photo not fetched from Telegram: %s", error)
            return None
        data = buffer.getvalue()
        async with self._lock:
            self._files[file_id] = data
            self._size += len(data)
            while self._size > self.limit and len(self._files) > 1:
                _, dropped = self._files.popitem(last=False)
                self._size -= len(dropped)
        return data
