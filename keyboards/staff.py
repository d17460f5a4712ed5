"""Buttons of the staff panel (``/staff``)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from keyboards.hearing_staff import StaffHearings
from keyboards.moderators import ModeratorsPage

SECTIONS = ("home", "broadcasts")


class StaffSection(CallbackData, prefix="stf1"):
    section: str


def staff_keyboard(*, admin: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🏛 Hearings"), callback_data=StaffHearings(page=0))
    builder.button(text=_("📣 Broadcasts"), callback_data=StaffSection(section="broadcasts"))
    if admin:
        builder.button(text=_("👥 Moderators"), callback_data=ModeratorsPage(page=0))
    builder.adjust(1)
    return builder.as_markup()


def back_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("↩️ Back"), callback_data=StaffSection(section="home"))
    return builder.as_markup()
