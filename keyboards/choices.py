"""Buttons for choosing from a list: catalog entries (categories, districts, services) and
scores from 1 to 5."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.catalog import Entry


def entries_keyboard(
    entries: Iterable[Entry],
    language: str,
    pick: Callable[..., CallbackData],
    *,
    columns: int = 2,
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for entry in entries:
        builder.button(text=entry.name(language), callback_data=pick(code=entry.code))
    builder.adjust(columns)
    return builder.as_markup()


def scores_keyboard(data: Callable[[int], CallbackData]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for score in range(1, 6):
        builder.button(text=f"{score} ⭐", callback_data=data(score))
    builder.adjust(5)
    return builder.as_markup()
