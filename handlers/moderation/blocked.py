"""``/blocked``: the residents moderators blocked, with the reason, and a button to unblock
each (they are told in their language)."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.i18n import format_datetime
from bot.render import block_reason
from handlers.moderation.common import refused, staffer
from handlers.moderation.paged import paged
from keyboards.lists import BlockedPage, Unblock, blocked_keyboard
from services import blocking
from services.moderation import NotAllowed

router = Router(name="moderation.blocked")


async def _view(number: int, data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup | None]:
    language = data["i18n"].current_locale
    found = await blocking.blocked_page(data["session"], number)
    lines = [
        _("<b>🚫 Blocked residents</b>: {total}. Page {page} of {pages}.").format(
            total=found.total, page=found.page + 1, pages=found.pages
        )
    ]
    if not found.residents:
        lines.append(_("Nobody is blocked."))
    for resident, latest in found.residents:
        assert resident.blocked_at is not None
        lines.append(
            "\n"
            + _("<b>#{id}</b> · since {date} · latest need: {number}").format(
                id=resident.id,
                date=format_datetime(resident.blocked_at, language, data["settings"].tz),
                number=latest or "—",
            )
        )
        lines.append(_("Reason: {reason}").format(reason=block_reason(resident.blocked_reason)))
    residents = [resident for resident, _latest in found.residents]
    return "\n".join(lines), blocked_keyboard(residents, found.page, found.pages)


@router.callback_query(Unblock.filter())
async def unblock(query: CallbackQuery, callback_data: Unblock, **data: Any) -> None:
    try:
        done = await blocking.unblock(
            data["session"],
            staffer(data),
            callback_data.resident_id,
            admin_ids=data["settings"].admin_ids,
        )
    except NotAllowed:
        data["callback_answer"].text = refused()
        return
    if done is not None and done.changed:  # told through the outbox
        await data["desk"].post_waiting()  # their needs withheld while blocked
        data["callback_answer"].text = _("Unblocked: they have been told.")
    else:
        data["callback_answer"].text = _("Already done.")
    if isinstance(query.message, Message):
        text, keyboard = await _view(callback_data.page, data)
        await query.message.edit_text(text, reply_markup=keyboard)


paged(router, "blocked", BlockedPage, _view)
