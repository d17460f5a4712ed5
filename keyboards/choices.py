"""Buttons for choosing from a list: catalog entries (categories, districts, services) and
scores from 1 to 5."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from functools import partial

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.catalog import Entry

# Keyboards of a catalog's tuples (categories, districts: loaded once, never changed), per
# language and callback: the same object for every resident who is shown one (only ever
# sent, never changed). Keyed by the tuple's identity and holding it, so a key is never
# reused (another catalog has other tuples); a few dozen at most.
_KEYBOARDS: OrderedDict[tuple[int, str, Hashable, int], tuple[object, InlineKeyboardMarkup]] = (
    OrderedDict()
)
_KEYBOARDS_KEPT = 64


def entries_keyboard(
    entries: Iterable[Entry],
    language: str,
    pick: Callable[..., CallbackData],
    *,
    columns: int = 2,
) -> InlineKeyboardMarkup:
    if not isinstance(entries, tuple):
        return _entries_keyboard(entries, language, pick, columns)
    key = (id(entries), language, _pick_key(pick), columns)
    kept = _KEYBOARDS.get(key)
    if kept is not None and kept[0] is entries:
        _KEYBOARDS.move_to_end(key)
        return kept[1]
    markup = _entries_keyboard(entries, language, pick, columns)
    _KEYBOARDS[key] = (entries, markup)
    if len(_KEYBOARDS) > _KEYBOARDS_KEPT:
        _KEYBOARDS.popitem(last=False)
    return markup


def _pick_key(pick: Callable[..., CallbackData]) -> Hashable:
    """The same for two ``partial(SomeData, field=...)`` made apart (handlers make one per
    prompt), so their keyboards are kept once."""
    if isinstance(pick, partial):
        return (pick.func, pick.args, tuple(sorted(pick.keywords.items())))
    return pick


def _entries_keyboard(
    entries: Iterable[Entry], language: str, pick: Callable[..., CallbackData], columns: int
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
