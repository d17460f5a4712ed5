"""Buttons of the moderators' cards and of the choices their actions ask for. Every press
carries the status the moderator saw, so a press on an outdated card is recognised."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.support import LazyProxy

from keyboards.layout import paired_rows
from models.moderation import Department, ReplyTemplate
from models.need import NeedStatus

S = NeedStatus


class CardAction(CallbackData, prefix="mq1"):
    need_id: int
    action: str
    seen: str  # the need's status on the card that was pressed


class Choice(CallbackData, prefix="mq1c"):
    """An option of an action's list: a reason, a department, a template, "write my own"."""

    need_id: int
    action: str
    seen: str
    option: str


class Abort(CallbackData, prefix="mq1x"):
    pass


class Confirmation(CallbackData, prefix="mq1f"):
    """✅ Confirm or ✖️ Cancel under the preview of an action on a need."""

    need_id: int
    ok: bool


ACTIONS: dict[str, LazyProxy] = {
    "acc": __("✅ Accept"),
    "wrk": __("🛠 In progress"),
    "rej": __("⛔ Reject"),
    "dup": __("🔁 Duplicate"),
    "noc": __("↪️ Not our competence"),
    "rte": __("🏢 Route"),
    "rpl": __("💬 Reply"),
    "res": __("✅ Resolve"),
    "blk": __("🚫 Block the author"),
}
SHOWN_WHEN: dict[str, frozenset[NeedStatus]] = {
    "acc": frozenset({S.NEW, S.REOPENED}),
    "wrk": frozenset({S.NEW, S.ACCEPTED, S.REOPENED}),
}
OWN_TEXT = "own"
SEND_AS_IS = "asis"
SKIP_PHOTO = "skip"


def card_keyboard(need_id: int, status: str) -> InlineKeyboardMarkup | None:
    """The actions a need in ``status`` allows; none once it is closed."""
    if status not in {S.NEW, S.ACCEPTED, S.IN_PROGRESS, S.REOPENED}:
        return None
    builder = InlineKeyboardBuilder()
    labels = []
    for action, label in ACTIONS.items():
        if status in SHOWN_WHEN.get(action, frozenset({status})):
            labels.append(str(label))
            builder.button(
                text=labels[-1],
                callback_data=CardAction(need_id=need_id, action=action, seen=status),
            )
    builder.adjust(*paired_rows(labels))
    return builder.as_markup()


def choices_keyboard(
    need_id: int, action: str, seen: str, options: Sequence[tuple[str, str]]
) -> InlineKeyboardMarkup:
    """One button per (option, label), and a button that stops."""
    builder = InlineKeyboardBuilder()
    for option, label in options:
        builder.button(
            text=label,
            callback_data=Choice(need_id=need_id, action=action, seen=seen, option=option),
        )
    builder.button(text=_("✖️ Stop"), callback_data=Abort())
    builder.adjust(1)
    return builder.as_markup()


def confirm_keyboard(need_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=_("✅ Confirm"),
                    callback_data=Confirmation(need_id=need_id, ok=True).pack(),
                ),
                InlineKeyboardButton(
                    text=_("✖️ Cancel"),
                    callback_data=Confirmation(need_id=need_id, ok=False).pack(),
                ),
            ]
        ]
    )


def abort_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=_("✖️ Stop"), callback_data=Abort().pack())]]
    )


def short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def department_options(departments: Sequence[Department], language: str) -> list[tuple[str, str]]:
    return [(str(d.id), short(d.name(language), 60)) for d in departments]


def template_options(templates: Sequence[ReplyTemplate], language: str) -> list[tuple[str, str]]:
    own = (OWN_TEXT, _("✍️ Write my own"))
    return [*((str(t.id), "📄 " + short(t.text(language))) for t in templates), own]
