"""Typed callback data for the foundation's buttons. Prefixes are short and versioned
(the whole payload must fit Telegram's 64 bytes); a changed layout gets a new prefix."""

from aiogram.filters.callback_data import CallbackData


class LanguageChoice(CallbackData, prefix="lng1"):
    code: str


class ConsentChoice(CallbackData, prefix="cns1"):
    agree: bool


class EraseChoice(CallbackData, prefix="del1"):
    confirm: bool
