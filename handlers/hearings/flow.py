"""The steps of the hearing flow (staff): typed answers, skips and picks, checked here."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from bot.flows import reprompt
from handlers.buttons import take_buttons_away
from handlers.choosing import not_available
from handlers.hearings.answers import parse_answer, until_after
from handlers.hearings.prompts import go_to, next_state
from handlers.hearings.states import FIELDS, HearingFlow
from keyboards.hearing_staff import DraftField, DraftPick, DraftStep, NewHearing
from keyboards.menu import cancel_keyboard

router = Router(name="hearings.flow")
TYPED = F.text & ~F.text.startswith("/")
SKIPPABLE = {"address", "link", "seats", "questions_until"}


@router.callback_query(NewHearing.filter())
async def start(query: CallbackQuery, state: FSMContext, **data: Any) -> None:
    message = await take_buttons_away(query)
    await state.set_data({})
    if message is not None:
        await message.answer(
            _("🏛 <b>A new public hearing.</b> Eleven short steps; /cancel stops at any time."),
            reply_markup=cancel_keyboard(),
        )
        await go_to(message, state, data, HearingFlow.title_kk)


async def _store(
    message: Message, state: FSMContext, data: dict[str, Any], field: str, value: Any
) -> None:
    await state.update_data({field: value})
    until = (await state.get_data()).get("questions_until")
    if field == "starts_at" and until and until_after(until, value):
        await state.update_data(questions_until=None)  # it would close after the start
    await go_to(message, state, data, next_state(field))


async def typed(message: Message, state: FSMContext, raw_state: str | None, **data: Any) -> None:
    field = (raw_state or "").rpartition(":")[2]
    draft, language = await state.get_data(), data["i18n"].current_locale
    text = (message.text or "").strip()
    value, problem = parse_answer(field, text, draft, language, data["settings"].tz)
    if problem is not None:
        await message.answer(problem)
        return
    await _store(message, state, data, field, value)


TYPED_STATES = [getattr(HearingFlow, f) for f in FIELDS if f not in ("district", "topic")]
router.message.register(typed, StateFilter(*TYPED_STATES), TYPED)


@router.callback_query(DraftStep.filter(F.action == "skip"))
async def skipped(
    query: CallbackQuery, state: FSMContext, raw_state: str | None, **data: Any
) -> None:
    field = (raw_state or "").rpartition(":")[2]
    if field not in SKIPPABLE:
        data["callback_answer"].text = _("This button is no longer active.")
        return
    draft = await state.get_data()
    if field == "link" and not draft.get("address"):
        data["callback_answer"].text = _(
            "A hearing needs an address or a link: please send the link."
        )
        data["callback_answer"].show_alert = True
        return
    message = await take_buttons_away(query)
    if message is not None:
        await _store(message, state, data, field, None)


@router.callback_query(HearingFlow.district, DraftPick.filter(F.field == "district"))
@router.callback_query(HearingFlow.topic, DraftPick.filter(F.field == "topic"))
async def picked(
    query: CallbackQuery, callback_data: DraftPick, state: FSMContext, **data: Any
) -> None:
    catalog: Catalog = data["catalog"]
    field, code = callback_data.field, callback_data.code
    entry = catalog.district(code) if field == "district" else catalog.category(code)
    if entry is None and not (field == "district" and code == ""):
        data["callback_answer"].text = not_available()
        return
    message = await take_buttons_away(query)
    if message is not None:
        await _store(message, state, data, field, entry.code if entry else None)


@router.callback_query(HearingFlow.preview, DraftStep.filter(F.action == "change"))
async def change(query: CallbackQuery, state: FSMContext, **data: Any) -> None:
    message = await take_buttons_away(query)
    await state.set_state(HearingFlow.field)
    if message is not None:
        await reprompt(message, state, data)


@router.callback_query(HearingFlow.field, DraftField.filter())
async def field_chosen(
    query: CallbackQuery, callback_data: DraftField, state: FSMContext, **data: Any
) -> None:
    field = callback_data.field
    if field not in FIELDS and field != "back":
        data["callback_answer"].text = _("This button is no longer active.")
        return
    message = await take_buttons_away(query)
    if field != "back":
        await state.update_data(back=True)
    await state.set_state(HearingFlow.preview if field == "back" else getattr(HearingFlow, field))
    if message is not None:
        await reprompt(message, state, data)
