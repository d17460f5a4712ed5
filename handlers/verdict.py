"""The author's verdict on a resolved need: “✅ Yes, solved” and a score from 1 to 5, or
“❌ Not solved” and a comment, which reopens the need (within 14 days of the resolution).

```mermaid
stateDiagram-v2
    [*] --> score: ✅ Yes, solved
    score --> [*]: 1..5 stored with the need
    [*] --> comment: ❌ Not solved (within 14 days)
    comment --> [*]: 5 to 1,000 characters: reopened, supporters told
```
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from bot.flows import prompt_for, reprompt
from handlers.buttons import take_buttons_away
from handlers.gates import require_resident
from handlers.prompts import show_main_menu
from keyboards.choices import scores_keyboard
from keyboards.menu import cancel_keyboard
from keyboards.my import Verdict
from models.need import NeedStatus
from services import my_needs, statuses
from services.needs import check_text

router = require_resident(Router(name="verdict"))
COMMENT_LENGTH = (5, 1000)


class Reopen(StatesGroup):
    comment = State()


@prompt_for(Reopen.comment)
async def ask_comment(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _(
            "What is still wrong? Your comment goes to the akimat with the reopened need "
            "(5 to 1,000 characters)."
        ),
        reply_markup=cancel_keyboard(),
    )


@router.callback_query(Verdict.filter())
async def verdict(
    query: CallbackQuery, callback_data: Verdict, state: FSMContext, **data: Any
) -> None:
    callback_answer: CallbackAnswer = data["callback_answer"]
    resident_id, session = data["resident"].id, data["session"]
    found = await my_needs.overview(session, callback_data.need_id, resident_id=resident_id)
    answer = callback_data.answer
    if found is None or found.need.status != NeedStatus.RESOLVED or answer not in _ANSWERS:
        callback_answer.text = _("This button is no longer active.")
        return
    if answer == "no" and not found.can_reopen:
        callback_answer.text = _(
            "More than 14 days have passed since the need was resolved, so it cannot be "
            "reopened. If the problem is still there, please report a new need."
        )
        return
    message = await take_buttons_away(query)
    if message is None:
        return
    if answer == "yes":
        await message.answer(
            _("Glad to hear it! How would you rate the way need {number} was resolved?").format(
                number=found.need.number
            ),
            reply_markup=scores_keyboard(
                lambda score: Verdict(need_id=found.need.id, answer=str(score))
            ),
        )
    elif answer == "no":
        await state.set_state(Reopen.comment)
        await state.set_data({"need_id": found.need.id, "category": found.need.category})
        await reprompt(message, state, data)
    else:
        await statuses.rate_resolution(session, found.need.id, resident_id, int(answer))
        await message.answer(_("Thank you for your rating!"))


_ANSWERS = {"yes", "no", "1", "2", "3", "4", "5"}


@router.message(Reopen.comment, F.text & ~F.text.startswith("/"))
async def comment_typed(message: Message, state: FSMContext, **data: Any) -> None:
    comment = (message.text or "").strip()
    if check_text(comment, COMMENT_LENGTH) is not None:
        await message.answer(
            _("Please write from 5 to 1,000 characters about what is still wrong.")
        )
        return
    draft = await state.get_data()
    try:
        change = await statuses.reopen(
            data["session"],
            draft["need_id"],
            data["resident"].id,
            comment,
            deadline_days=data["catalog"].deadline_days(draft.get("category")),
            tz=data["settings"].tz,
        )
    except statuses.StatusError:
        await state.clear()
        await show_main_menu(message, _("This need can no longer be reopened."))
        return
    await state.clear()
    await show_main_menu(
        message,
        _("🔄 Need {number} has been reopened and is back in the akimat's queue.").format(
            number=change.number
        ),
    )
    await data["desk"].publish(change.need_id)  # back in the moderators' queue
    # the supporters are told through the outbox (services.statuses.reopen queued it)
