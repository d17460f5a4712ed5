"""/cancel leaves any flow from any step. Registered first, so no flow can swallow it."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove
from aiogram.utils.i18n import gettext as _

from handlers.prompts import show_main_menu
from keyboards.menu import CANCEL, MenuButton
from models.resident import Resident

router = Router(name="cancel")


@router.message(Command("cancel"))
@router.message(MenuButton(CANCEL))
async def cancel(message: Message, state: FSMContext, resident: Resident | None) -> None:
    had_flow = await state.get_state() is not None
    await state.clear()
    text = _("Cancelled. Nothing was sent.") if had_flow else _("There is nothing to cancel.")
    if message.chat.type != "private":  # the moderators' group: no residents' menu there
        await message.answer(text)
    elif resident is not None and resident.has_consented:
        await show_main_menu(message, text)
    else:
        await message.answer(text, reply_markup=ReplyKeyboardRemove())
