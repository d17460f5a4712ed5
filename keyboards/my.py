"""Buttons of "My submissions": pages, needs, and the author's verdict on a resolution."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.render import status_label
from models.need import Need


class MyPage(CallbackData, prefix="my1"):
    page: int


class MyNeed(CallbackData, prefix="my1n"):
    need_id: int
    page: int


class Verdict(CallbackData, prefix="fb1"):
    need_id: int
    answer: str  # "yes", "no", or a score "1".."5"


def needs_page(needs: Sequence[Need], page: int, pages: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for need in needs:
        text = f"{need.number} · {status_label(need.status)}"
        builder.button(text=text, callback_data=MyNeed(need_id=need.id, page=page))
    sizes = [1] * len(needs)
    if page > 0:
        builder.button(text=_("◀️ Newer"), callback_data=MyPage(page=page - 1))
    if page + 1 < pages:
        builder.button(text=_("Older ▶️"), callback_data=MyPage(page=page + 1))
    builder.adjust(*sizes, 2)
    return builder.as_markup()


def card_buttons(need_id: int, page: int, *, ask_verdict: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if ask_verdict:
        builder.attach(InlineKeyboardBuilder.from_markup(verdict_buttons(need_id)))
    builder.button(text=_("⬅️ Back to the list"), callback_data=MyPage(page=page))
    builder.adjust(2, 1)
    return builder.as_markup()


def verdict_buttons(need_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ Yes, solved"), callback_data=Verdict(need_id=need_id, answer="yes"))
    builder.button(text=_("❌ Not solved"), callback_data=Verdict(need_id=need_id, answer="no"))
    return builder.as_markup()
