"""After a hearing, staff publish its outcome in kk and ru (with the answers to the
questions asked); it goes to everyone who registered or asked a question."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.flows import prompt_for, reprompt
from bot.i18n import format_number
from bot.render import fit
from handlers.buttons import take_buttons_away
from handlers.hearings.common import after_change, progress_in
from handlers.hearings.states import OutcomeFlow
from handlers.prompts import show_main_menu
from keyboards.hearing_staff import OutcomeStep, StaffHearing, outcome_keyboard
from keyboards.menu import cancel_keyboard
from models.base import utcnow
from services import hearing_questions, hearings
from services.hearing_input import OUTCOME
from services.needs import check_text

router = Router(name="hearings.outcome")


@router.callback_query(StaffHearing.filter(F.action == "outcome"))
async def start(
    query: CallbackQuery, callback_data: StaffHearing, state: FSMContext, **data: Any
) -> None:
    hearing = await hearings.get(data["session"], callback_data.hearing_id)
    if hearing is None or hearing.status != "published" or hearing.starts_at > utcnow():
        data["callback_answer"].text = _(
            "The outcome can be published once the hearing has taken place."
        )
        return
    if not isinstance(query.message, Message):
        return
    await state.set_state(OutcomeFlow.outcome_kk)
    await state.set_data({"hearing_id": hearing.id})
    count = await hearing_questions.count(data["session"], hearing.id)
    await query.message.answer(
        _(
            "Residents asked {count} question (see “❓ Questions”). Answer it in the outcome.",
            "Residents asked {count} questions (see “❓ Questions”). Answer them in the outcome.",
            count,
        ).format(count=format_number(count, data["i18n"].current_locale)),
        reply_markup=cancel_keyboard(),
    )
    await reprompt(query.message, state, data)


@prompt_for(OutcomeFlow.outcome_kk, OutcomeFlow.outcome_ru)
async def ask_outcome(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    current = await state.get_state()
    await message.answer(
        _("The outcome and the answers to the questions, in Kazakh (10 to 3,000 characters):")
        if current == OutcomeFlow.outcome_kk.state
        else _(
            "The outcome and the answers to the questions, in Russian (10 to 3,000 characters):"
        )
    )


@prompt_for(OutcomeFlow.preview)
async def preview(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    draft = await state.get_data()
    header = _("<b>Please check the outcome.</b>")

    def render(texts: list[str]) -> str:
        kk, ru = map(html.quote, texts)
        return f"{header}\n\n🇰🇿 {kk}\n\n🇷🇺 {ru}"

    text = fit(render, [draft["outcome_kk"], draft["outcome_ru"]])
    await message.answer(text, reply_markup=outcome_keyboard())


@router.message(OutcomeFlow.outcome_kk, F.text & ~F.text.startswith("/"))
@router.message(OutcomeFlow.outcome_ru, F.text & ~F.text.startswith("/"))
async def typed(message: Message, state: FSMContext, raw_state: str | None, **data: Any) -> None:
    text = (message.text or "").strip()
    if check_text(text, OUTCOME) is not None:
        await message.answer(_("Please write from 10 to 3,000 characters."))
        return
    kk = raw_state == OutcomeFlow.outcome_kk.state
    await state.update_data({"outcome_kk" if kk else "outcome_ru": text})
    await state.set_state(OutcomeFlow.outcome_ru if kk else OutcomeFlow.preview)
    await reprompt(message, state, data)


@router.callback_query(OutcomeFlow.preview, OutcomeStep.filter(F.action == "publish"))
async def publish(query: CallbackQuery, state: FSMContext, **data: Any) -> None:
    message = await take_buttons_away(query)
    if message is None:
        return
    draft = await state.get_data()
    await state.clear()
    outcome = {"kk": draft["outcome_kk"], "ru": draft["outcome_ru"]}
    try:
        announced = await hearings.publish_outcome(
            data["session"],
            draft["hearing_id"],
            outcome,
            data["actor"],
            progress_in(message, data),
        )
    except hearings.NotEditable:
        await show_main_menu(message, _("This hearing is cancelled already, or gone."))
        return
    await show_main_menu(message, _("✅ The outcome has been published."))
    await after_change(announced, data)


@router.callback_query(OutcomeFlow.preview, OutcomeStep.filter(F.action == "drop"))
async def drop(query: CallbackQuery, state: FSMContext) -> None:
    message = await take_buttons_away(query)
    await state.clear()
    if message is not None:
        await show_main_menu(message, _("Cancelled. Nothing was published."))
