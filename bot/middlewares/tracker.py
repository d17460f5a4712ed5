from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import ErrorEvent, TelegramObject


class UpdateTracker(BaseMiddleware):
    """Counts updates being handled, so shutdown (and tests) can wait for them to finish.
    ``on_change`` (tests: the emulator's activity signal) is called when an update starts or
    ends."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.handled = 0
        self.on_change: Callable[[], None] | None = None
        self.background = 0  # work an update left running (notices being sent)
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self.in_flight += 1
        self._idle.clear()
        if self.on_change is not None:
            self.on_change()
        try:
            return await handler(event, data)
        finally:
            self.in_flight -= 1
            if not isinstance(event, ErrorEvent):  # answering an error: the same update
                self.handled += 1
            if self.in_flight == 0:
                self._idle.set()
            if self.on_change is not None:
                self.on_change()

    def work_started(self) -> None:
        self.background += 1
        if self.on_change is not None:
            self.on_change()

    def work_finished(self) -> None:
        self.background -= 1
        if self.on_change is not None:
            self.on_change()

    async def wait_idle(self) -> None:
        await self._idle.wait()
