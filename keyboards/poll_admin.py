"""Buttons of the staff's poll tools: the creation flow and the list of polls."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from models.poll import Audience, Visibility


class DraftKind(CallbackData, prefix="pn1k"):
    multiple: bool


class DraftAudience(CallbackData, prefix="pn1a"):
    kind: str


class DraftCode(CallbackData, prefix="pn1c"):
    code: str


class DraftNow(CallbackData, prefix="pn1n"):
    pass


class DraftVisibility(CallbackData, prefix="pn1v"):
    mode: str


class DraftDecision(CallbackData, prefix="pn1d"):
    publish: bool


class PollForHearing(CallbackData, prefix="pn1h"):
    """“Poll for this hearing” on a hearing's staff card: ``/newpoll`` linked to it."""

    hearing_id: int


class PollManage(CallbackData, prefix="pm1"):
    poll: int
    action: str  # show, close (asks), closed (confirmed), list


MANAGE_ACTIONS = ("show", "close", "closed", "list")


def kind_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("☝️ One answer"), callback_data=DraftKind(multiple=False))
    builder.button(text=_("✅ Several answers"), callback_data=DraftKind(multiple=True))
    builder.adjust(1)
    return builder.as_markup()


def audience_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    labels = {
        Audience.ALL: _("🏙 Everyone who allowed announcements"),
        Audience.DISTRICT: _("🏘 Residents of a district"),
        Audience.TOPIC: _("🏷 Residents interested in a topic"),
    }
    for kind, label in labels.items():
        builder.button(text=label, callback_data=DraftAudience(kind=kind))
    builder.adjust(1)
    return builder.as_markup()


def now_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("▶️ Now"), callback_data=DraftNow())
    return builder.as_markup()


def visibility_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("📊 Right after answering"),
        callback_data=DraftVisibility(mode=Visibility.ANSWERED),
    )
    builder.button(
        text=_("🔒 Only after the poll closes"),
        callback_data=DraftVisibility(mode=Visibility.CLOSED),
    )
    builder.adjust(1)
    return builder.as_markup()


def decision_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ Publish"), callback_data=DraftDecision(publish=True))
    builder.button(text=_("❌ Discard"), callback_data=DraftDecision(publish=False))
    builder.adjust(2)
    return builder.as_markup()


def polls_list_keyboard(poll_ids: list[int]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for poll_id in poll_ids:
        builder.button(text=f"№{poll_id}", callback_data=PollManage(poll=poll_id, action="show"))
    builder.adjust(5)
    return builder.as_markup()


def poll_keyboard(poll_id: int, *, can_close: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if can_close:
        builder.button(
            text=_("⏹ Close now"), callback_data=PollManage(poll=poll_id, action="close")
        )
    builder.button(text=_("↩️ Back"), callback_data=PollManage(poll=0, action="list"))
    builder.adjust(1)
    return builder.as_markup()


def confirm_close_keyboard(poll_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("⏹ Yes, close it"), callback_data=PollManage(poll=poll_id, action="closed")
    )
    builder.button(text=_("↩️ No"), callback_data=PollManage(poll=poll_id, action="show"))
    builder.adjust(2)
    return builder.as_markup()
