"""The end of the need flow: the confirmation card (Send / Edit / Cancel) and the offer to
support a similar open need instead."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from bot.flows import reprompt
from bot.i18n import format_datetime
from bot.settings import Settings
from handlers.buttons import take_buttons_away
from handlers.needs.prompts import go_to
from handlers.needs.states import NeedFlow, draft_of
from handlers.needs.texts import limit_reached
from handlers.prompts import show_main_menu
from keyboards.needs import EDITABLE, EditField, NeedStep, SendNeed, SupportNeed
from services import needs

router = Router(name="needs.confirm")
FIELD_STATES = {field: getattr(NeedFlow, field) for field in EDITABLE}


@router.callback_query(SendNeed.filter())
async def send(
    query: CallbackQuery, callback_data: SendNeed, state: FSMContext, **data: Any
) -> None:
    """Also reached by an old or repeated Send: the draft's key makes it one need."""
    callback_answer: CallbackAnswer = data["callback_answer"]
    catalog: Catalog = data["catalog"]
    settings: Settings = data["settings"]
    resident = data["resident"]
    draft = await state.get_data()
    if await state.get_state() != NeedFlow.confirm.state or draft.get("key") != callback_data.key:
        sent = await needs.sent_draft(data["session"], resident.id, callback_data.key)
        callback_answer.text = (
            _("This need has already been sent under number {number}.").format(number=sent.number)
            if sent
            else _("This button is no longer active.")
        )
        return
    outcome = await needs.submit(
        data["session"],
        resident,
        draft_of(draft),
        deadline_days=catalog.deadline_days(draft["category"]),
        limit=settings.max_needs_per_day,
        tz=settings.tz,
    )
    if isinstance(outcome, needs.LimitReached):  # the draft stays, to be sent tomorrow
        callback_answer.text = limit_reached(outcome.limit)
        return
    message = await take_buttons_away(query)
    await state.clear()
    need = outcome.need
    callback_answer.text = need.number
    if message is not None:
        await show_main_menu(
            message,
            _(
                "✅ Your need has been registered under number <b>{number}</b>.\n"
                "The akimat's answer is due by {date}. You will be told here about every "
                "change; the need is also in “📋 My submissions”."
            ).format(
                number=need.number,
                date=format_datetime(need.deadline_at, data["i18n"].current_locale, settings.tz),
            ),
        )
    if outcome.created:
        data["desk"].publish_soon(need.id)  # the moderators' queue; the resident is answered


@router.callback_query(NeedFlow.confirm, NeedStep.filter(F.action == "edit"))
async def edit(query: CallbackQuery, state: FSMContext, **data: Any) -> None:
    message = await take_buttons_away(query)  # the old card cannot be sent any more
    await state.set_state(NeedFlow.edit)
    if message is not None:
        await reprompt(message, state, data)


@router.callback_query(NeedFlow.edit, EditField.filter())
async def field_chosen(
    query: CallbackQuery, callback_data: EditField, state: FSMContext, **data: Any
) -> None:
    target = FIELD_STATES.get(callback_data.field)
    if target is None and callback_data.field != "back":
        data["callback_answer"].text = _("This button is no longer active.")
        return
    message = await take_buttons_away(query)
    if target is None:
        await state.set_state(NeedFlow.confirm)
    else:
        await state.update_data(editing=True)
        if target == NeedFlow.photos:
            await state.update_data(photos=[])
        await state.set_state(target)
    if message is not None:
        await reprompt(message, state, data)


@router.callback_query(NeedFlow.confirm, NeedStep.filter(F.action == "cancel"))
@router.callback_query(NeedFlow.duplicate, NeedStep.filter(F.action == "cancel"))
async def cancel(query: CallbackQuery, state: FSMContext) -> None:
    message = await take_buttons_away(query)
    await state.clear()
    if message is not None:
        await show_main_menu(message, _("Cancelled. Nothing was sent."))


@router.callback_query(NeedFlow.duplicate, NeedStep.filter(F.action == "file_anyway"))
async def file_anyway(query: CallbackQuery, state: FSMContext, **data: Any) -> None:
    message = await take_buttons_away(query)
    if message is not None:
        await go_to(message, state, data, NeedFlow.confirm)


@router.callback_query(NeedFlow.duplicate, SupportNeed.filter())
async def support(
    query: CallbackQuery, callback_data: SupportNeed, state: FSMContext, **data: Any
) -> None:
    callback_answer: CallbackAnswer = data["callback_answer"]
    if (await state.get_data()).get("duplicate_id") != callback_data.need_id:
        callback_answer.text = _("This button is no longer active.")
        return
    message = await take_buttons_away(query)
    result = await needs.support(data["session"], data["resident"].id, callback_data.need_id)
    if result is None:  # closed meanwhile: the resident's own need is still wanted
        callback_answer.text = _("That need has just been closed. Please check yours and send it.")
        if message is not None:
            await go_to(message, state, data, NeedFlow.confirm)
        return
    await state.clear()
    text = (
        _("👍 Thank you! Your support has been added to need {number}. Supporters: {count}.")
        if result.added
        else _("You already support need {number}. Supporters: {count}.")
    ).format(number=result.need.number, count=result.supporters)
    if message is not None:
        await show_main_menu(message, text + "\n" + _("You will be told here how it goes."))
