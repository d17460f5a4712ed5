"""Buttons of the moderators' lists: ``/audit`` pages, rating comments to hide or show,
blocked residents to unblock."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from keyboards.paging import arrows
from models.rating import Rating
from models.resident import Resident


class AuditPage(CallbackData, prefix="mq1a"):
    need_id: int
    page: int


class Hide(CallbackData, prefix="hid1"):
    """Hide (or show again) an item of a kind registered with ``services.hiding``; ``page``
    is the page of the list it was pressed on, shown again afterwards."""

    kind: str
    item: int
    hide: bool
    page: int = 0


class PageOf(CallbackData, prefix="mq1p"):
    """A page of a moderators' list; each list has its own prefix."""

    page: int


class CommentsPage(PageOf, prefix="mq1r"):
    pass


class BlockedPage(PageOf, prefix="mq1b"):
    pass


class Unblock(CallbackData, prefix="mq1u"):
    resident_id: int
    page: int


def audit_keyboard(need_id: int, page: int, pages: int) -> InlineKeyboardMarkup | None:
    row = arrows(page, pages, lambda number: AuditPage(need_id=need_id, page=number))
    return InlineKeyboardMarkup(inline_keyboard=[row]) if row else None


def hide_button_text(item: int, hidden: bool) -> str:
    return (_("👁 Show #{id}") if hidden else _("🙈 Hide #{id}")).format(id=item)


def comments_keyboard(
    ratings: Sequence[Rating], page: int, pages: int
) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    for rating in ratings:
        builder.button(
            text=hide_button_text(rating.id, rating.hidden),
            callback_data=Hide(kind="rating", item=rating.id, hide=not rating.hidden, page=page),
        )
    builder.adjust(2)
    row = arrows(page, pages, lambda number: CommentsPage(page=number))
    if row:
        builder.row(*row)
    return builder.as_markup() if ratings else None


def blocked_keyboard(
    residents: Sequence[Resident], page: int, pages: int
) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    for resident in residents:
        builder.button(
            text=_("✅ Unblock #{id}").format(id=resident.id),
            callback_data=Unblock(resident_id=resident.id, page=page),
        )
    builder.adjust(2)
    row = arrows(page, pages, lambda number: BlockedPage(page=number))
    if row:
        builder.row(*row)
    return builder.as_markup() if residents else None
