"""The last router: whatever no feature took gets a short, helpful answer, and a resident in
the middle of a flow is asked the same question again."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot import flows
from bot.i18n import pick_language
from handlers.prompts import ask_consent, ask_language, show_main_menu
from models.resident import Resident

router = Router(name="fallback")
router.message.filter(F.chat.type == "private")


@router.message(F.text.regexp(r"^/[A-Za-z0-9_]+(@\w+)?(\s|$)"))
async def unknown_command(message: Message) -> None:
    await message.answer(_("There is no such command. Send /help to see what Kenes can do."))


@router.message()
async def anything_else(
    message: Message,
    state: FSMContext,
    resident: Resident | None,
    i18n: I18n,
    **data: Any,
) -> None:
    if resident is None:
        user = message.from_user
        await ask_language(message, i18n, pick_language(user.language_code if user else None))
        return
    if await state.get_state() is not None:
        await message.answer(
            _(
                "That is not the answer expected here. Please answer the question above, "
                "or send /cancel."
            )
        )
        await flows.reprompt(message, state, data | {"resident": resident, "i18n": i18n})
        return
    if not resident.has_consented:
        await ask_consent(message)
        return
    if message.text:
        text = _("Sorry, I did not understand. Please choose an item in the menu below.")
    else:
        text = _(
            "Here I understand text and the menu buttons only. "
            "Please choose an item in the menu below."
        )
    await show_main_menu(message, text)


@router.callback_query()
async def stale_button(query: CallbackQuery, callback_answer: CallbackAnswer) -> None:
    callback_answer.text = _("This button is no longer active.")
