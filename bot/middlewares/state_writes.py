from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.fsm_database import DatabaseStorage


class StateWrites(BaseMiddleware):
    """The FSM writes of an update are stored together when it is done, inside the resident's
    lock, so their next update reads them (where one process owns the database; see
    ``bot.fsm_database``)."""

    def __init__(self, storage: DatabaseStorage) -> None:
        self.storage = storage

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self.storage.updates():
            return await handler(event, data)
