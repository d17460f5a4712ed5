from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User
from sqlalchemy.ext.asyncio import AsyncSession

from models.repositories import residents


class ResidentLoader(BaseMiddleware):
    """Puts the sender's ``resident`` row (or ``None`` for a stranger) into handler data."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        resident = None
        if user is not None and not user.is_bot:
            async with session.begin():
                resident = await residents.by_telegram_id(session, user.id)
        data["resident"] = resident
        return await handler(event, data)
