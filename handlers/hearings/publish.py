"""The end of the hearing flow: publish a new hearing (announced to its subscribers) or
save the changes to a published one (announced to those registered), or drop the draft."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.flows import reprompt
from handlers.buttons import take_buttons_away
from handlers.hearings.common import after_change, progress_in, staff_card
from handlers.hearings.preview import fields_of
from handlers.hearings.states import HearingFlow
from handlers.prompts import show_main_menu
from keyboards.hearing_staff import DraftStep
from models.base import utcnow
from services import hearings

router = Router(name="hearings.publish")


async def ask_again(
    message: Message, state: FSMContext, data: dict[str, Any], step: State
) -> None:
    """Back to ``step``, then straight back to the preview."""
    await state.update_data(back=True)
    await state.set_state(step)
    await reprompt(message, state, data)


@router.callback_query(HearingFlow.preview, DraftStep.filter(F.action == "publish"))
async def publish(query: CallbackQuery, state: FSMContext, **data: Any) -> None:
    message = await take_buttons_away(query)
    if message is None:
        return
    draft = await state.get_data()
    fields = fields_of(draft)
    if fields.starts_at <= utcnow():  # time went by while the draft was written
        await message.answer(
            _("This moment has already passed. Please give a date and time to come.")
        )
        await ask_again(message, state, data, HearingFlow.starts_at)
        return
    session, actor, progress = data["session"], data["actor"], progress_in(message, data)
    editing = draft.get("editing_id")
    try:
        if editing is None:
            announced = await hearings.publish(session, fields, actor, progress)
        else:
            announced = await hearings.edit(session, editing, fields, actor, progress)
    except hearings.NotEditable:
        await state.clear()
        await show_main_menu(message, _("This hearing is cancelled already, or gone."))
        return
    except hearings.SeatsTaken as error:  # the draft stays: ask for the seats again
        await message.answer(
            _(
                "{count} resident is registered already, so there cannot be fewer seats.",
                "{count} residents are registered already, so there cannot be fewer seats.",
                error.taken,
            ).format(count=error.taken)
        )
        await ask_again(message, state, data, HearingFlow.seats)
        return
    await state.clear()
    headline = (
        _("✅ Hearing #{number} has been published.")
        if editing is None
        else _("✅ Hearing #{number} has been changed.")
    ).format(number=announced.hearing.id)
    if announced.broadcast_id is None:
        headline += "\n" + (
            _("Nobody is subscribed to such hearings yet.")
            if editing is None
            else _("Nobody is registered yet.")
        )
    await show_main_menu(message, headline)
    await after_change(announced, data)
    text, markup = await staff_card(announced.hearing, data)
    await message.answer(text, reply_markup=markup)


@router.callback_query(HearingFlow.preview, DraftStep.filter(F.action == "drop"))
async def drop(query: CallbackQuery, state: FSMContext) -> None:
    message = await take_buttons_away(query)
    await state.clear()
    if message is not None:
        await show_main_menu(message, _("Cancelled. Nothing was published."))
