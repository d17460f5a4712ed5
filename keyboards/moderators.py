"""Buttons of ``/moderators``: the list with its pages, remove with a confirmation, add."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from models.staff import StaffMember

PAGE_SIZE = 8


class ModeratorsPage(CallbackData, prefix="mod1p"):
    page: int


class AddModerator(CallbackData, prefix="mod1a"):
    pass


class RemoveModerator(CallbackData, prefix="mod1r"):
    user_id: int
    page: int
    confirmed: bool = False


def page_of(members: Sequence[StaffMember], page: int) -> tuple[list[StaffMember], int, int]:
    """The members on ``page`` (clamped to the pages there are), the page and the count."""
    pages = max(1, -(-len(members) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return list(members[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]), page, pages


def moderators_keyboard(
    shown: Sequence[StaffMember], page: int, pages: int
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for member in shown:
        remove = RemoveModerator(user_id=member.telegram_id, page=page).pack()
        text = _("❌ Remove {name}").format(name=staff_label(member))
        builder.row(InlineKeyboardButton(text=text, callback_data=remove))
    arrows = []
    if page > 0:
        back = ModeratorsPage(page=page - 1).pack()
        arrows.append(InlineKeyboardButton(text="◀️", callback_data=back))
    if page < pages - 1:
        forward = ModeratorsPage(page=page + 1).pack()
        arrows.append(InlineKeyboardButton(text="▶️", callback_data=forward))
    if arrows:
        builder.row(*arrows)
    add = InlineKeyboardButton(text=_("➕ Add a moderator"), callback_data=AddModerator().pack())
    builder.row(add)
    return builder.as_markup()


def staff_label(member: StaffMember) -> str:
    """How a moderator is named on buttons (plain text): their name and id, or the id."""
    return f"{member.name} ({member.telegram_id})" if member.name else str(member.telegram_id)


def confirm_removal_keyboard(user_id: int, page: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ Yes, remove"),
        callback_data=RemoveModerator(user_id=user_id, page=page, confirmed=True),
    )
    builder.button(text=_("↩️ No, leave them"), callback_data=ModeratorsPage(page=page))
    builder.adjust(1)
    return builder.as_markup()
