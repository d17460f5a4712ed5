"""``/templates`` and ``/departments``: the lists, and deleting after a confirmation."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.admin.views import MODELS, library_view
from handlers.moderation.common import refused, staffer
from keyboards.library import Library, confirm_keyboard
from services import library
from services.moderation import NotAllowed

router = Router(name="admin.lists")


@router.message(Command("templates"))
@router.message(Command("departments"))
async def show(message: Message, **data: Any) -> None:
    kind = "template" if (message.text or "").startswith("/templates") else "department"
    text, keyboard = await library_view(kind, data)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(Library.filter(F.action.in_({"list", "delete", "confirm"})))
async def listing(query: CallbackQuery, callback_data: Library, **data: Any) -> None:
    kind, item = callback_data.kind, callback_data.item
    if kind not in MODELS or not isinstance(query.message, Message):
        return
    headline = None
    if callback_data.action == "delete":
        found = await library.one(data["session"], MODELS[kind], item)
        if found is not None:
            await query.message.edit_text(
                _("Delete it? Needs and answers already sent stay as they are."),
                reply_markup=confirm_keyboard(kind, item),
            )
            return
    if callback_data.action == "confirm":
        try:
            deleted = await library.delete(
                data["session"], staffer(data), MODELS[kind], item,
                admin_ids=data["settings"].admin_ids,
            )  # fmt: skip
        except NotAllowed:
            data["callback_answer"].text = refused()
            return
        headline = _("🗑 Deleted.") if deleted else None
    text, keyboard = await library_view(kind, data, headline)
    await query.message.edit_text(text, reply_markup=keyboard)
