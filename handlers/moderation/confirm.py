"""✅ Confirm and ✖️ Cancel under an action's preview (``handlers.moderation.preview``): only
the moderator whose preview it is can press them (the step is theirs), only while it has
not expired; Cancel sends nothing to anyone."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.buttons import take_buttons_away
from handlers.moderation.answers import send_answer
from handlers.moderation.common import change, lapsed
from handlers.moderation.states import Moderating, Step
from handlers.moderation.typed import block_author
from keyboards.moderation import Confirmation
from models.need import NeedStatus

router = Router(name="moderation.confirm")


@router.callback_query(Confirmation.filter())
async def pressed(
    query: CallbackQuery, callback_data: Confirmation, state: FSMContext, **data: Any
) -> None:
    step: Step = await state.get_data()  # type: ignore[assignment]
    message = query.message
    if (
        not isinstance(message, Message)
        or await state.get_state() != Moderating.confirm.state
        or step.get("need_id") != callback_data.need_id
        or step.get("prompt_id") != message.message_id
    ):
        data["callback_answer"].text = _("This button is no longer active.")
        return
    await take_buttons_away(query)
    if await lapsed(message, query.from_user, state, data):
        return
    await state.clear()
    if not callback_data.ok:
        await message.answer(_("Cancelled: nothing was changed and nothing was sent."))
        return
    pending = step["pending"]
    if pending["kind"] == "reply":
        await send_answer(message, step, pending["texts"], data)
    elif pending["kind"] == "block":
        await block_author(message, step, pending["reason"], data)
    else:
        result = await change(
            data,
            step["need_id"],
            NeedStatus(pending["to"]),
            seen=step["seen"],
            texts=pending.get("texts"),
            duplicate_of=pending.get("duplicate_of"),
            photo=pending.get("photo"),
        )
        await message.answer(result)
