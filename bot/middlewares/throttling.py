from __future__ import annotations

import contextlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message, TelegramObject, User
from aiogram.utils.i18n import gettext as _


class Throttle(BaseMiddleware):
    """Flood control per person: a token bucket of ``burst`` events refilled at ``rate`` per
    second. Over the limit, the person is asked once, politely, to slow down; further events
    are dropped until the bucket refills. In-process and cheap: an ordered dict of buckets."""

    def __init__(self, *, burst: int, rate: float, size: int = 100_000) -> None:
        self.burst, self.rate, self.size = burst, rate, size
        self._buckets: OrderedDict[int, tuple[float, float, bool]] = OrderedDict()

    def _allow(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, warned before) for one more event from ``user_id``."""
        now = time.monotonic()
        tokens, at, warned = self._buckets.pop(user_id, (float(self.burst), now, False))
        tokens = min(float(self.burst), tokens + (now - at) * self.rate)
        allowed = tokens >= 1
        self._buckets[user_id] = (tokens - 1 if allowed else tokens, now, warned and not allowed)
        if len(self._buckets) > self.size:
            self._buckets.popitem(last=False)
        return allowed, warned

    def _mark_warned(self, user_id: int) -> None:
        tokens, at, _warned = self._buckets[user_id]
        self._buckets[user_id] = (tokens, at, True)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            return await handler(event, data)
        allowed, warned = self._allow(user.id)
        if allowed:
            return await handler(event, data)
        text = None
        if not warned:
            self._mark_warned(user.id)
            text = _("You are sending messages too fast. Please wait a few seconds.")
        if isinstance(event, CallbackQuery):  # answered every time, so no button spins
            with contextlib.suppress(TelegramBadRequest):
                await event.answer(text)
        elif isinstance(event, Message) and text is not None:
            await event.answer(text)
        return None
