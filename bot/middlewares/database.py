from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services import notices


class DatabaseSession(BaseMiddleware):
    """One session per update; services open and commit its transactions. The notices to
    residents they wrote are sent once the handler is done (``services.notices``): the update
    does not wait for Telegram."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self.sessionmaker() as session:
            data["session"] = session
            try:
                return await handler(event, data)
            finally:
                broadcaster = data.get("broadcaster")
                for broadcast_id in notices.queued(session):
                    if broadcaster is not None:
                        broadcaster.start(broadcast_id, tracked=True)
