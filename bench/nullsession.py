"""A Bot API session that answers in-process, so the dispatch benchmark measures Kenes and
aiogram, not the network: every call succeeds at once, and the keyboards the bot sends are
kept per chat, the way a client shows them, to press next."""

from __future__ import annotations

import itertools
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, InlineKeyboardMarkup, Message, User

BOT_USER = User(id=7000000001, is_bot=True, first_name="Kenes", username="kenes_bot")


class NullSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0
        self.keyboards: dict[int, InlineKeyboardMarkup] = {}
        self.texts: dict[int, list[str]] = {}
        self._ids = itertools.count(1)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        self.calls += 1
        if isinstance(method, SendMessage):
            chat_id = int(method.chat_id)
            self.texts.setdefault(chat_id, []).append(method.text)
            if isinstance(method.reply_markup, InlineKeyboardMarkup):
                self.keyboards[chat_id] = method.reply_markup
            return Message(  # type: ignore[return-value]
                message_id=next(self._ids),
                date=datetime.now(UTC),
                chat=Chat(id=chat_id, type="private"),
                from_user=BOT_USER,
                text=method.text,
            )
        if method.__api_method__ == "getMe":
            return BOT_USER  # type: ignore[return-value]
        return True  # type: ignore[return-value]

    def data_with_prefix(self, chat_id: int, prefix: str) -> str:
        """The callback data starting with ``prefix`` on the chat's newest inline keyboard."""
        for row in self.keyboards[chat_id].inline_keyboard:
            for button in row:
                if button.callback_data and button.callback_data.startswith(prefix + ":"):
                    return button.callback_data
        raise LookupError(f"no {prefix} button; the bot said: {self.texts.get(chat_id, [])[-3:]}")

    async def stream_content(self, *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
        yield b""

    async def close(self) -> None:
        return None
