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
    does not wait for Telegram.

    The session is closed only if a transaction is still open (a handler cut short): every
    transaction is opened with ``async with session.begin()`` and over when it ends, and a
    session without one holds no connection and no reference cycle, so dropping it frees it.
    ``AsyncSession.close`` costs ~0.11 ms of CPU even then (a greenlet, the sync session's
    close), ~2 % of an update (issue 19)."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        session = self.sessionmaker()
        data["session"] = session
        try:
            return await handler(event, data)
        finally:
            try:
                if session.in_transaction():
                    await session.close()  # rolls back; the connection goes back to the pool
            finally:
                broadcaster = data.get("broadcaster")
                for broadcast_id in notices.queued(session):
                    if broadcaster is not None:
                        broadcaster.start(broadcast_id, tracked=True)
