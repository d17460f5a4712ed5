from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import LANGUAGE_NAMES, LANGUAGES
from keyboards.callbacks import ConsentChoice, EraseChoice, LanguageChoice


def language_keyboard(selected: str | None = None) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in LANGUAGES:
        mark = "✅ " if code == selected else ""
        builder.button(text=mark + LANGUAGE_NAMES[code], callback_data=LanguageChoice(code=code))
    builder.adjust(2)  # Kazakh and Russian side by side, Kazakh in the Latin alphabet below
    return builder.as_markup()


def consent_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ I agree"), callback_data=ConsentChoice(agree=True))
    builder.button(text=_("❌ I do not agree"), callback_data=ConsentChoice(agree=False))
    builder.adjust(1)
    return builder.as_markup()


def erase_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🗑 Yes, delete my data"), callback_data=EraseChoice(confirm=True))
    builder.button(text=_("↩️ No, keep it"), callback_data=EraseChoice(confirm=False))
    builder.adjust(1)
    return builder.as_markup()
