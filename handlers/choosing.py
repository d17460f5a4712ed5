"""Steps where a resident picks a catalog entry (a category, a district, a service)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from handlers.buttons import take_buttons_away
from keyboards.choices import entries_keyboard


def catalog_and_language(data: dict[str, Any]) -> tuple[Catalog, str]:
    return data["catalog"], data["i18n"].current_locale


async def ask_to_choose(
    message: Message,
    data: dict[str, Any],
    question: str,
    kind: str,
    pick: Callable[..., CallbackData],
    *,
    columns: int = 2,
) -> None:
    """Ask ``question`` with a button per entry of the catalog's ``kind`` ("categories",
    "districts", "services"); each button carries ``pick(code=...)``."""
    catalog, language = catalog_and_language(data)
    await message.answer(
        question,
        reply_markup=entries_keyboard(getattr(catalog, kind), language, pick, columns=columns),
    )


def not_available() -> str:
    return _("This choice is not available. Please use the buttons below.")


async def remember_choice(
    query: CallbackQuery, state: FSMContext, data: dict[str, Any], field: str, code: str
) -> Message | None:
    """Check the picked ``field`` (``category``, ``district``, ``service``) against the
    catalog, store its code in the draft and take the buttons away. ``None``: nothing to go
    on with (a forged code, answered here, or a message Telegram no longer shows)."""
    catalog, language = catalog_and_language(data)
    entry = getattr(catalog, field)(code)
    callback_answer: CallbackAnswer = data["callback_answer"]
    if entry is None:
        callback_answer.text = not_available()
        return None
    callback_answer.text = entry.name(language)
    await state.update_data({field: entry.code})
    return await take_buttons_away(query)
