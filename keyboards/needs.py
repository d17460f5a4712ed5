"""Buttons of the "report a need" flow. Every payload is checked again by its handler."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from keyboards.menu import CANCEL
from keyboards.shared import per_language

EDITABLE = ("category", "district", "place", "description", "photos")


class NeedPick(CallbackData, prefix="nd1c"):
    field: str  # category or district
    code: str


class NeedStep(CallbackData, prefix="nd1"):
    action: str  # voice_done, photos_done, edit, cancel, file_anyway


class EditField(CallbackData, prefix="nd1e"):
    field: str  # one of EDITABLE, or "back"


class SendNeed(CallbackData, prefix="nd1s"):
    key: str  # the draft's idempotency key


class SupportNeed(CallbackData, prefix="nd1p"):
    need_id: int


def place_keyboard(*, private: bool) -> ReplyKeyboardMarkup:
    return _place_keyboard(private)


@per_language
def _place_keyboard(private: bool) -> ReplyKeyboardMarkup:
    rows = [[KeyboardButton(text=str(CANCEL))]]
    if private:  # location requests work in private chats only
        rows.insert(0, [KeyboardButton(text=_("📍 Send my location"), request_location=True)])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


# The need flow's own keyboards are built directly (aiogram's builder deep-copies the whole
# keyboard on export, which showed in the dispatch profile of every step), and once per
# language where they hold nothing of the draft (``keyboards.shared``).


def photos_keyboard(added: int) -> InlineKeyboardMarkup:
    return _photos_keyboard(bool(added))


@per_language
def _photos_keyboard(added: bool) -> InlineKeyboardMarkup:
    text = _("✅ Done") if added else _("⏭ Skip")
    done = NeedStep(action="photos_done").pack()
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=done)]]
    )


@per_language
def voice_keyboard() -> InlineKeyboardMarkup:
    """After a voice message at the description step: on to the photos without a text."""
    builder = InlineKeyboardBuilder()
    builder.button(text=_("➡️ Next"), callback_data=NeedStep(action="voice_done"))
    return builder.as_markup()


def confirm_keyboard(key: str) -> InlineKeyboardMarkup:
    send = InlineKeyboardButton(text=_("✅ Send"), callback_data=SendNeed(key=key).pack())
    return InlineKeyboardMarkup(inline_keyboard=[[send], list(_edit_or_cancel())])


@per_language
def _edit_or_cancel() -> tuple[InlineKeyboardButton, ...]:
    return (
        InlineKeyboardButton(text=_("✏️ Edit"), callback_data=NeedStep(action="edit").pack()),
        InlineKeyboardButton(text=_("❌ Cancel"), callback_data=NeedStep(action="cancel").pack()),
    )


@per_language
def edit_keyboard() -> InlineKeyboardMarkup:
    labels = {
        "category": _("Category"),
        "district": _("District"),
        "place": _("Place"),
        "description": _("Description"),
        "photos": _("Photos"),
    }
    builder = InlineKeyboardBuilder()
    for field in EDITABLE:
        builder.button(text=labels[field], callback_data=EditField(field=field))
    builder.button(text=_("⬅️ Back to the card"), callback_data=EditField(field="back"))
    builder.adjust(2, 2, 1, 1)
    return builder.as_markup()


def duplicate_keyboard(need_id: int, number: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("👍 Support {number} (+1)").format(number=number),
        callback_data=SupportNeed(need_id=need_id),
    )
    builder.button(text=_("📝 Send mine anyway"), callback_data=NeedStep(action="file_anyway"))
    builder.button(text=_("❌ Cancel"), callback_data=NeedStep(action="cancel"))
    builder.adjust(1)
    return builder.as_markup()
