"""A command that shows page 1 of a list, and the ◀️ ▶️ buttons that turn its pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from keyboards.lists import PageOf

View = Callable[[int, dict[str, Any]], Awaitable[tuple[str, InlineKeyboardMarkup | None]]]


def paged(router: Router, command: str, pages: type[PageOf], view: View) -> None:
    """``/command`` answers ``view(0, data)``; a ``pages`` button redraws its message with
    ``view(page, data)``."""

    async def first(message: Message, **data: Any) -> None:
        text, keyboard = await view(0, data)
        await message.answer(text, reply_markup=keyboard)

    async def turn(query: CallbackQuery, callback_data: PageOf, **data: Any) -> None:
        if isinstance(query.message, Message):
            text, keyboard = await view(callback_data.page, data)
            await query.message.edit_text(text, reply_markup=keyboard)

    router.message.register(first, Command(command))
    router.callback_query.register(turn, pages.filter())
