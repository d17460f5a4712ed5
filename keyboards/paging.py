"""The ◀️ ▶️ row of paged lists."""

from __future__ import annotations

from collections.abc import Callable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton


def arrows(page: int, pages: int, to: Callable[[int], CallbackData]) -> list[InlineKeyboardButton]:
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(text="◀️", callback_data=to(page - 1).pack()))
    if page < pages - 1:
        row.append(InlineKeyboardButton(text="▶️", callback_data=to(page + 1).pack()))
    return row
