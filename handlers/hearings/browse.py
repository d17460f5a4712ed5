"""Residents' hearings: /hearings and the menu button list those to come; a card (also
opened by the deep link ``/start h_<id>``) registers, cancels a registration, and sends an
.ics file for the calendar."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.hearings.card import title, where_and_what
from bot.hearings.ics import hearing_ics
from bot.i18n import format_datetime
from handlers.hearings.common import resident_card
from keyboards.hearings import CARD_ACTIONS, HearingAct, HearingsPage, list_keyboard
from keyboards.menu import HEARINGS, MenuButton
from services import attendance, hearings
from services.attendance import Rsvp

router = Router(name="hearings.browse")


async def _list(page: int, data: dict[str, Any]) -> tuple[str, Any]:
    rows, page, pages = await hearings.upcoming(data["session"], page)
    language, tz = data["i18n"].current_locale, data["settings"].tz
    lines = [_("<b>🏛 Public hearings to come</b>")]
    for number, hearing in enumerate(rows, start=1):
        district, _topic = where_and_what(hearing, data["catalog"], language)
        when = format_datetime(hearing.starts_at, language, tz)
        lines.append(f"{number}. <b>{title(hearing, language)}</b>\n    {when} · {district}")
    if not rows:
        lines.append(
            _("No hearings are planned yet. Subscribe to announcements to hear of new ones.")
        )
    elif pages > 1:
        lines.append(_("Page {page} of {pages}").format(page=page + 1, pages=pages))
    return "\n".join(lines), list_keyboard(rows, page, pages)


@router.message(Command("hearings"))
@router.message(MenuButton(HEARINGS))
async def show_list(message: Message, **data: Any) -> None:
    text, markup = await _list(0, data)
    await message.answer(text, reply_markup=markup)


@router.callback_query(HearingsPage.filter())
async def turn_page(query: CallbackQuery, callback_data: HearingsPage, **data: Any) -> None:
    if isinstance(query.message, Message):
        text, markup = await _list(callback_data.page, data)
        await query.message.edit_text(text, reply_markup=markup)


async def send_card(message: Message, hearing_id: int, data: dict[str, Any]) -> bool:
    card = await attendance.card(data["session"], hearing_id, data["resident"].id)
    if card is None:
        return False
    text, markup = resident_card(card, data)
    await message.answer(text, reply_markup=markup)
    return True


@router.callback_query(HearingAct.filter(F.action == "open"))
async def open_card(query: CallbackQuery, callback_data: HearingAct, **data: Any) -> None:
    if isinstance(query.message, Message) and not await send_card(
        query.message, callback_data.hearing_id, data
    ):
        data["callback_answer"].text = _("This hearing was not found.")


def _rsvp_answer(outcome: Rsvp) -> str:
    return {
        Rsvp.REGISTERED: _("✅ You are registered. We will remind you before the hearing."),
        Rsvp.ALREADY: _("You are registered already."),
        Rsvp.FULL: _("Sorry, there are no seats left."),
        Rsvp.CLOSED: _("Registration is closed: the hearing has been cancelled or has begun."),
        Rsvp.WITHDRAWN: _("Your registration has been cancelled."),
        Rsvp.NOT_REGISTERED: _("You are not registered for this hearing."),
    }[outcome]


@router.callback_query(HearingAct.filter(F.action.in_({"rsvp", "unrsvp"})))
async def rsvp(query: CallbackQuery, callback_data: HearingAct, **data: Any) -> None:
    session, resident_id = data["session"], data["resident"].id
    if await hearings.get(session, callback_data.hearing_id) is None:
        data["callback_answer"].text = _("This hearing was not found.")
        return
    act = attendance.register if callback_data.action == "rsvp" else attendance.withdraw
    outcome = await act(session, callback_data.hearing_id, resident_id)
    data["callback_answer"].text = _rsvp_answer(outcome)
    data["callback_answer"].show_alert = outcome in (Rsvp.FULL, Rsvp.CLOSED)
    card = await attendance.card(session, callback_data.hearing_id, resident_id)
    if card is not None and isinstance(query.message, Message):
        text, markup = resident_card(card, data)
        await query.message.edit_text(text, reply_markup=markup)


@router.callback_query(HearingAct.filter(F.action == "ics"))
async def calendar(query: CallbackQuery, callback_data: HearingAct, **data: Any) -> None:
    hearing = await hearings.get(data["session"], callback_data.hearing_id)
    if hearing is None or not isinstance(query.message, Message):
        data["callback_answer"].text = _("This hearing was not found.")
        return
    language = data["i18n"].current_locale
    me = await data["bot"].me()
    content = hearing_ics(
        hearing,
        summary=hearing.text("title", language),
        description=hearing.text("description", language),
        location=hearing.address or hearing.link,
        url=hearing.link,
        domain=f"{me.username or 'kenes'}.t.me",
        tz=data["settings"].tz,
    )
    await query.message.answer_document(
        BufferedInputFile(content, filename=f"hearing-{hearing.id}.ics"),
        caption=_("📅 Open this file to add the hearing to your calendar."),
    )


@router.callback_query(HearingAct.filter(~F.action.in_(CARD_ACTIONS)))
async def forged(query: CallbackQuery, **data: Any) -> None:
    data["callback_answer"].text = _("This button is no longer active.")
