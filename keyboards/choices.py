"""Buttons for choosing from a list: catalog entries (categories, districts, services) and
scores from 1 to 5."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.catalog import Entry


def entries_keyboard(
    entries: Iterable[Entry],
    language: str,
    pick: Callable[..., CallbackData],
    *,
    columns: int = 2,
) -> InlineKeyboardMarkup:
    # Built directly: aiogram's builder copies the whole keyboard for every button it adds,
    # which for a catalog of a dozen entries cost ~1 ms of each step that shows one.
    buttons = [
        InlineKeyboardButton(text=entry.name(language), callback_data=pick(code=entry.code).pack())
        for entry in entries
    ]
    rows = [buttons[start : start + columns] for start in range(0, len(buttons), columns)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def scores_keyboard(data: Callable[[int], CallbackData]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for score in range(1, 6):
        builder.button(text=f"{score} ⭐", callback_data=data(score))
    builder.adjust(5)
    return builder.as_markup()
