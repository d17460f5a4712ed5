"""Staff's hearings: the list (from /staff), a hearing's staff card, cancelling it after a
confirmation, the QR code of its deep link, and editing it."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.flows import reprompt
from bot.hearings.card import deep_link, title
from bot.hearings.qr import qr_png
from bot.i18n import format_datetime
from handlers.hearings.common import after_change, progress_in, staff_card
from handlers.hearings.states import HearingFlow
from keyboards.hearing_staff import (
    STAFF_ACTIONS,
    StaffHearing,
    StaffHearings,
    confirm_cancel_keyboard,
    staff_list_keyboard,
)
from models.hearing import Hearing
from services import hearings

router = Router(name="hearings.staff")


@router.callback_query(StaffHearings.filter())
async def show_list(query: CallbackQuery, callback_data: StaffHearings, **data: Any) -> None:
    if not isinstance(query.message, Message):
        return
    rows, page, pages = await hearings.for_staff(data["session"], callback_data.page)
    language, tz = data["i18n"].current_locale, data["settings"].tz
    lines = [_("<b>🏛 Public hearings</b>")]
    lines += [
        f"{number}. {title(h, language)} — {format_datetime(h.starts_at, language, tz)}"
        for number, h in enumerate(rows, start=page * 5 + 1)
    ]
    if not rows:
        lines.append(_("There are no hearings yet."))
    await query.message.edit_text(
        "\n".join(lines), reply_markup=staff_list_keyboard(rows, page, pages)
    )


async def _hearing(callback_data: StaffHearing, data: dict[str, Any]) -> Hearing | None:
    hearing = None
    if callback_data.action in STAFF_ACTIONS:
        hearing = await hearings.get(data["session"], callback_data.hearing_id)
    if hearing is None:
        data["callback_answer"].text = _("This hearing was not found.")
    return hearing


@router.callback_query(StaffHearing.filter(F.action == "open"))
async def open_card(query: CallbackQuery, callback_data: StaffHearing, **data: Any) -> None:
    hearing = await _hearing(callback_data, data)
    if hearing is None or not isinstance(query.message, Message):
        return
    text, markup = await staff_card(hearing, data)
    await query.message.edit_text(text, reply_markup=markup)


@router.callback_query(StaffHearing.filter(F.action == "cancel"))
async def confirm_cancel(query: CallbackQuery, callback_data: StaffHearing, **data: Any) -> None:
    hearing = await _hearing(callback_data, data)
    if hearing is None or not isinstance(query.message, Message):
        return
    await query.message.edit_text(
        _(
            "Cancel the hearing “{title}”? Subscribers and everyone registered will be told."
        ).format(title=title(hearing, data["i18n"].current_locale)),
        reply_markup=confirm_cancel_keyboard(hearing.id),
    )


@router.callback_query(StaffHearing.filter(F.action == "cancel_yes"))
async def cancel(query: CallbackQuery, callback_data: StaffHearing, **data: Any) -> None:
    if not isinstance(query.message, Message):
        return
    try:
        announced = await hearings.cancel(
            data["session"], callback_data.hearing_id, data["actor"],
            progress_in(query.message, data),
        )  # fmt: skip
    except hearings.NotEditable:
        data["callback_answer"].text = _("This hearing is cancelled already, or gone.")
        return
    data["callback_answer"].text = _("The hearing has been cancelled.")
    await after_change(announced, data)
    text, markup = await staff_card(announced.hearing, data)
    await query.message.edit_text(text, reply_markup=markup)


@router.callback_query(StaffHearing.filter(F.action == "qr"))
async def qr_code(query: CallbackQuery, callback_data: StaffHearing, **data: Any) -> None:
    hearing = await _hearing(callback_data, data)
    if hearing is None or not isinstance(query.message, Message):
        return
    me = await data["bot"].me()
    link = deep_link(me.username or "", hearing.id)
    await query.message.answer_document(
        BufferedInputFile(qr_png(link), filename=f"hearing-{hearing.id}-qr.png"),
        caption=_("QR code of the hearing “{title}” for posters. It opens: {link}").format(
            title=title(hearing, data["i18n"].current_locale), link=link
        ),
    )


@router.callback_query(StaffHearing.filter(F.action == "edit"))
async def edit(query: CallbackQuery, callback_data: StaffHearing, **data: Any) -> None:
    hearing = await _hearing(callback_data, data)
    if hearing is None or not isinstance(query.message, Message):
        return
    if hearing.status != "published":
        data["callback_answer"].text = _("A cancelled hearing cannot be edited.")
        return
    state = data["state"]
    fields = {name: getattr(hearing, name) for name in (
        "title_kk", "title_ru", "description_kk", "description_ru", "address", "link",
        "district", "topic", "seats")}  # fmt: skip
    fields["starts_at"] = hearing.starts_at.isoformat()
    until = hearing.questions_until
    fields["questions_until"] = until.isoformat() if until else None
    await state.set_data(fields | {"editing_id": hearing.id, "seats_taken": hearing.seats_taken})
    await state.set_state(HearingFlow.field)
    await reprompt(query.message, state, data)
