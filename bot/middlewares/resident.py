from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.resident_cache import ResidentCache, attach_when_begun
from models.repositories import residents
from models.resident import Resident


class ResidentLoader(BaseMiddleware):
    """Puts the sender's ``resident`` row (or ``None`` for a stranger) into handler data, from
    ``cache`` when there is one (a single process owns the database: ``bot.resident_cache``).
    With a cache, the row costs no transaction: it joins the session when the handler opens
    one."""

    def __init__(self, cache: ResidentCache | None = None) -> None:
        self.cache = cache

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        resident = None
        if user is not None and not user.is_bot:
            resident = await self._resident(data["session"], user.id)
        data["resident"] = resident
        return await handler(event, data)

    async def _resident(self, session: AsyncSession, telegram_id: int) -> Resident | None:
        cache = self.cache
        if cache is None:  # read in a transaction, and in the session from then on
            async with session.begin():
                return await residents.by_telegram_id(session, telegram_id)
        resident = await cache.fetch(telegram_id)  # no transaction at all
        if resident is not None:  # attached when the handler opens one
            attach_when_begun(session, resident)
        return resident
