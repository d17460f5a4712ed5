"""Buttons staff press about hearings: the list, the staff card, the creation flow, the
questions, the outcome. The staff gate checks the role again on every press."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.catalog import Entry
from keyboards.layout import paired_rows
from keyboards.poll_admin import PollForHearing
from models.hearing import Hearing, HearingQuestion

STAFF_ACTIONS = ("open", "edit", "cancel", "cancel_yes", "qr", "questions", "outcome")
DRAFT_ACTIONS = ("skip", "publish", "change", "drop")


class StaffHearings(CallbackData, prefix="hs1l"):
    page: int


class StaffHearing(CallbackData, prefix="hs1"):
    hearing_id: int
    action: str  # one of STAFF_ACTIONS


class NewHearing(CallbackData, prefix="hs1n"):
    pass


class HideQuestion(CallbackData, prefix="hs1h"):
    question_id: int
    page: int


class ListenQuestion(CallbackData, prefix="hs1v"):
    question_id: int
    number: int  # as the page shows it


class QuestionsPage(CallbackData, prefix="hs1q"):
    hearing_id: int
    page: int


class DraftPick(CallbackData, prefix="hf1c"):
    field: str  # district or topic
    code: str  # "" for the whole city


class DraftStep(CallbackData, prefix="hf1"):
    action: str  # one of DRAFT_ACTIONS


class DraftField(CallbackData, prefix="hf1e"):
    field: str  # one of handlers.hearings.states.FIELDS


class OutcomeStep(CallbackData, prefix="ho1"):
    action: str  # publish or drop


def staff_list_keyboard(
    hearings: Sequence[Hearing], page: int, pages: int
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for number, hearing in enumerate(hearings, start=page * 5 + 1):
        builder.button(
            text=str(number), callback_data=StaffHearing(hearing_id=hearing.id, action="open")
        )
    sizes = [len(hearings)] if hearings else []
    if page > 0:
        builder.button(text="◀️", callback_data=StaffHearings(page=page - 1))
    if page < pages - 1:
        builder.button(text="▶️", callback_data=StaffHearings(page=page + 1))
    if pages > 1:
        sizes.append((page > 0) + (page < pages - 1))
    builder.button(text=_("➕ New hearing"), callback_data=NewHearing())
    builder.adjust(*sizes, 1)
    return builder.as_markup()


def staff_card_keyboard(
    hearing_id: int, *, is_open: bool, held: bool, questions: int
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()

    def add(text: str, action: str) -> None:
        builder.button(text=text, callback_data=StaffHearing(hearing_id=hearing_id, action=action))

    add(_("❓ Questions: {count}").format(count=questions), "questions")
    add(_("🔳 QR code of the link"), "qr")
    if is_open:
        builder.button(
            text=_("🗳 Poll for this hearing"), callback_data=PollForHearing(hearing_id=hearing_id)
        )
        add(_("✏️ Edit"), "edit")
        add(_("❌ Cancel the hearing"), "cancel")
    if held:
        add(_("📝 Publish the outcome"), "outcome")
    builder.button(text=_("↩️ Back"), callback_data=StaffHearings(page=0))
    builder.adjust(1)
    return builder.as_markup()


def confirm_cancel_keyboard(hearing_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ Yes, cancel it"),
        callback_data=StaffHearing(hearing_id=hearing_id, action="cancel_yes"),
    )
    builder.button(
        text=_("↩️ No, keep it"), callback_data=StaffHearing(hearing_id=hearing_id, action="open")
    )
    builder.adjust(1)
    return builder.as_markup()


def questions_keyboard(
    hearing_id: int, questions: Sequence[HearingQuestion], first: int, page: int, pages: int
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    hides = [
        _("🙈 Hide {number}").format(number=number)
        for number in range(first, first + len(questions))
    ]
    for label, question in zip(hides, questions, strict=True):
        builder.button(text=label, callback_data=HideQuestion(question_id=question.id, page=page))
    # Two "hide" buttons per row at most: five side by side were cut off on a phone.
    sizes = paired_rows(hides)
    spoken = [(n, q) for n, q in enumerate(questions, start=first) if q.voice_file_id]
    for number, question in spoken:
        builder.button(
            text=_("🎧 Listen to {number}").format(number=number),
            callback_data=ListenQuestion(question_id=question.id, number=number),
        )
    if spoken:
        sizes.append(len(spoken))
    if page > 0:
        builder.button(text="◀️", callback_data=QuestionsPage(hearing_id=hearing_id, page=page - 1))
    if page < pages - 1:
        builder.button(text="▶️", callback_data=QuestionsPage(hearing_id=hearing_id, page=page + 1))
    if pages > 1:
        sizes.append((page > 0) + (page < pages - 1))
    builder.button(
        text=_("↩️ Back"), callback_data=StaffHearing(hearing_id=hearing_id, action="open")
    )
    builder.adjust(*sizes, 1)
    return builder.as_markup()


def districts_keyboard(entries: Sequence[Entry], language: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for entry in entries:
        builder.button(
            text=entry.name(language), callback_data=DraftPick(field="district", code=entry.code)
        )
    builder.button(text=_("🏙 The whole city"), callback_data=DraftPick(field="district", code=""))
    builder.adjust(2)
    return builder.as_markup()


def skip_keyboard(text: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=text, callback_data=DraftStep(action="skip"))
    return builder.as_markup()


def preview_keyboard(*, editing: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ Save and tell those registered") if editing else _("✅ Publish"),
        callback_data=DraftStep(action="publish"),
    )
    builder.button(text=_("✏️ Change"), callback_data=DraftStep(action="change"))
    builder.button(text=_("❌ Cancel"), callback_data=DraftStep(action="drop"))
    builder.adjust(1, 2)
    return builder.as_markup()


def fields_keyboard(labels: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for field, label in labels:
        builder.button(text=label, callback_data=DraftField(field=field))
    builder.button(text=_("⬅️ Back to the preview"), callback_data=DraftField(field="back"))
    builder.adjust(2)
    return builder.as_markup()


def outcome_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ Publish the outcome"), callback_data=OutcomeStep(action="publish"))
    builder.button(text=_("❌ Cancel"), callback_data=OutcomeStep(action="drop"))
    builder.adjust(1)
    return builder.as_markup()
