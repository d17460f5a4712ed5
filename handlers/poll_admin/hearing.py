"""“🗳 Poll for this hearing” on a published hearing's staff card: the ``/newpoll`` flow,
with the poll linked to the hearing (``polls.hearing_id``); residents then find the open poll
on the hearing's card."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.poll_admin.steps import begin
from keyboards.poll_admin import PollForHearing
from services import hearings
from services.attendance import Card

router = Router(name="poll_admin.hearing")


@router.callback_query(PollForHearing.filter())
async def poll_for_hearing(
    query: CallbackQuery, callback_data: PollForHearing, state: FSMContext, **data: Any
) -> None:
    hearing = await hearings.get(data["session"], callback_data.hearing_id)
    if hearing is None or not isinstance(query.message, Message):
        data["callback_answer"].text = _("This hearing was not found.")
        return
    if not Card(hearing, registered=False).is_open:
        data["callback_answer"].text = _(
            "This hearing is cancelled or has already taken place: a poll cannot be added to it."
        )
        return
    await begin(query.message, state, data, hearing=hearing)
