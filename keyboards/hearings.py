"""Buttons residents press about hearings. Every payload is checked again by its handler."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from keyboards.polls import PollOpen
from models.hearing import Hearing
from models.poll import Poll

CARD_ACTIONS = ("open", "rsvp", "unrsvp", "ask", "ics")
SUB_VIEWS = ("home", "district", "topic", "off")


class HearingsPage(CallbackData, prefix="hr1l"):
    page: int


class HearingAct(CallbackData, prefix="hr1"):
    hearing_id: int
    action: str  # one of CARD_ACTIONS


class SubscriptionView(CallbackData, prefix="hr1m"):
    view: str  # one of SUB_VIEWS


class SubscriptionToggle(CallbackData, prefix="hr1s"):
    scope: str  # city, district or topic
    code: str  # "" for the city


def open_button(hearing_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🏛 Open the hearing"), callback_data=HearingAct(
        hearing_id=hearing_id, action="open"))  # fmt: skip
    return builder.as_markup()


def list_keyboard(hearings: Sequence[Hearing], page: int, pages: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for number, hearing in enumerate(hearings, start=1):
        builder.button(
            text=str(number), callback_data=HearingAct(hearing_id=hearing.id, action="open")
        )
    sizes = [len(hearings)] if hearings else []
    if pages > 1:
        if page > 0:
            builder.button(text="◀️", callback_data=HearingsPage(page=page - 1))
        if page < pages - 1:
            builder.button(text="▶️", callback_data=HearingsPage(page=page + 1))
        sizes.append((page > 0) + (page < pages - 1))
    builder.button(text=_("🔔 Announcements"), callback_data=SubscriptionView(view="home"))
    builder.adjust(*sizes, 1)
    return builder.as_markup()


POLL_LABEL = 48  # characters of a linked poll's question on its button


def card_keyboard(
    hearing_id: int,
    *,
    is_open: bool,
    registered: bool,
    takes_questions: bool,
    polls: Sequence[Poll],
    language: str,
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for poll in polls:  # the open polls about the hearing, sent to this resident
        question = poll.question(language)
        if len(question) > POLL_LABEL:
            question = question[: POLL_LABEL - 1] + "…"
        builder.button(
            text=_("🗳 Poll: {question}").format(question=question),
            callback_data=PollOpen(poll=poll.id),
        )

    def add(text: str, action: str) -> None:
        builder.button(text=text, callback_data=HearingAct(hearing_id=hearing_id, action=action))

    if is_open:
        if registered:
            add(_("↩️ Cancel my registration"), "unrsvp")
        else:
            add(_("✋ I will attend"), "rsvp")
        if takes_questions:
            add(_("❓ Ask a question"), "ask")
        add(_("📅 Add to calendar"), "ics")
    builder.button(text=_("📋 All hearings"), callback_data=HearingsPage(page=0))
    builder.adjust(1)
    return builder.as_markup()


def subscriptions_keyboard(*, city: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    mark = "✅ " if city else ""
    builder.button(
        text=mark + _("🏙 All hearings in the city"),
        callback_data=SubscriptionToggle(scope="city", code=""),
    )
    builder.button(text=_("🗺 By district…"), callback_data=SubscriptionView(view="district"))
    builder.button(text=_("🏷 By topic…"), callback_data=SubscriptionView(view="topic"))
    builder.button(text=_("🔕 Unsubscribe from all"), callback_data=SubscriptionView(view="off"))
    builder.button(text=_("📋 All hearings"), callback_data=HearingsPage(page=0))
    builder.adjust(1)
    return builder.as_markup()


def choices_keyboard(
    scope: str, entries: Sequence[tuple[str, str]], chosen: set[str]
) -> InlineKeyboardMarkup:
    """``entries``: (code, name); a ✅ before each one subscribed to."""
    builder = InlineKeyboardBuilder()
    for code, name in entries:
        mark = "✅ " if code in chosen else ""
        builder.button(text=mark + name, callback_data=SubscriptionToggle(scope=scope, code=code))
    builder.button(text=_("↩️ Back"), callback_data=SubscriptionView(view="home"))
    builder.adjust(*([2] * (len(entries) // 2)), 1)
    return builder.as_markup()
