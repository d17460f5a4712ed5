"""Hiding residents' texts that others see: the ``🙈 Hide`` / ``👁 Show`` buttons of any
kind registered with ``services.hiding``. A feature that lists such items for moderators
registers how to draw its list again (:func:`register_view`), so the pressed list shows the
change at once; ``/comments`` does so for rating comments."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.moderation.common import refused, staffer
from handlers.moderation.paged import View
from keyboards.lists import Hide
from services import hiding
from services.hiding import Hidden
from services.moderation import NotAllowed

router = Router(name="moderation.hiding")
VIEWS: dict[str, View] = {}


def register_view(kind: str, view: View) -> None:
    """``view(page, handler data)`` draws the moderators' list of ``kind`` again."""
    VIEWS[kind] = view


@router.callback_query(Hide.filter())
async def hide(query: CallbackQuery, callback_data: Hide, **data: Any) -> None:
    try:
        outcome = await hiding.set_hidden(
            data["session"],
            staffer(data),
            callback_data.kind,
            callback_data.item,
            callback_data.hide,
            admin_ids=data["settings"].admin_ids,
        )
    except NotAllowed:
        data["callback_answer"].text = refused()
        return
    data["callback_answer"].text = {
        Hidden.CHANGED: _("Hidden.") if callback_data.hide else _("Shown again."),
        Hidden.ALREADY: _("Already done."),
        Hidden.MISSING: _("This item no longer exists."),
    }[outcome]
    view = VIEWS.get(callback_data.kind)
    if view is not None and isinstance(query.message, Message):
        text, keyboard = await view(callback_data.page, data)
        await query.message.edit_text(text, reply_markup=keyboard)
