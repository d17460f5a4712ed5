"""Buttons of the “rate a service” flow."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder


class RatePick(CallbackData, prefix="rt1c"):
    field: str  # service or district
    code: str


class RateScore(CallbackData, prefix="rt1v"):
    score: int


class SkipComment(CallbackData, prefix="rt1k"):
    pass


def skip_comment_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⏭ No comment"), callback_data=SkipComment())
    return builder.as_markup()
