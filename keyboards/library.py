"""Buttons of ``/templates`` and ``/departments`` (administrators)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.catalog import Entry


class Library(CallbackData, prefix="lib1"):
    kind: str  # "template" or "department"
    action: str  # add, edit, delete, confirm, keep, toggle, save, list
    item: int = 0
    value: str = ""  # a category's place in the catalog (toggle)


def list_keyboard(kind: str, ids: Sequence[int]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for number, item in enumerate(ids, start=1):
        builder.button(
            text=_("✏️ {number}").format(number=number),
            callback_data=Library(kind=kind, action="edit", item=item),
        )
        builder.button(
            text=_("🗑 {number}").format(number=number),
            callback_data=Library(kind=kind, action="delete", item=item),
        )
    add = _("➕ Add a template") if kind == "template" else _("➕ Add a department")
    builder.button(text=add, callback_data=Library(kind=kind, action="add"))
    builder.adjust(*([2] * len(ids)), 1)
    return builder.as_markup()


def confirm_keyboard(kind: str, item: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ Yes, delete"), callback_data=Library(kind=kind, action="confirm", item=item)
    )
    builder.button(text=_("↩️ No, keep it"), callback_data=Library(kind=kind, action="list"))
    builder.adjust(1)
    return builder.as_markup()


def keep_keyboard(kind: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⏭ Keep as it is"), callback_data=Library(kind=kind, action="keep"))
    return builder.as_markup()


def categories_keyboard(
    categories: Sequence[Entry], chosen: Iterable[str], language: str
) -> InlineKeyboardMarkup:
    chosen = set(chosen)
    builder = InlineKeyboardBuilder()
    for index, category in enumerate(categories):
        mark = "✅ " if category.code in chosen else ""
        builder.button(
            text=mark + category.name(language),
            callback_data=Library(kind="department", action="toggle", value=str(index)),
        )
    builder.button(text=_("💾 Save"), callback_data=Library(kind="department", action="save"))
    builder.adjust(*([2] * (len(categories) // 2 + len(categories) % 2)), 1)
    return builder.as_markup()
