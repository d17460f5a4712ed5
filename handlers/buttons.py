"""Small helpers for inline buttons shared by the feature routers."""

from __future__ import annotations

import contextlib

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InaccessibleMessage, Message


async def take_buttons_away(query: CallbackQuery) -> Message | None:
    """Remove the buttons of the message that was pressed, so it cannot be pressed again;
    return the message to answer under (``None`` when Telegram no longer shows it)."""
    message = query.message
    if message is None or isinstance(message, InaccessibleMessage):
        return None
    with contextlib.suppress(TelegramBadRequest):  # too old to edit: answering is enough
        await message.edit_reply_markup(reply_markup=None)
    return message
