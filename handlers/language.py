from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from keyboards.common import language_keyboard
from keyboards.menu import LANGUAGE, MenuButton

router = Router(name="language")


@router.message(Command("language"))
@router.message(MenuButton(LANGUAGE))
async def choose_language(message: Message, i18n: I18n) -> None:
    await message.answer(
        _("Please choose your language."),
        reply_markup=language_keyboard(selected=i18n.current_locale),
    )
