"""/start: language, then consent, then the main menu. Also the language and consent buttons."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot import flows, staff_commands
from bot.i18n import LANGUAGE_NAMES, LANGUAGES, pick_language
from bot.settings import Settings
from handlers.prompts import ask_consent, ask_language, show_main_menu
from keyboards.callbacks import ConsentChoice, LanguageChoice
from models.resident import Resident
from services import residents

router = Router(name="start")


@router.message(CommandStart())
async def start(
    message: Message,
    state: FSMContext,
    resident: Resident | None,
    i18n: I18n,
    **data: Any,
) -> None:
    if resident is None:
        user = message.from_user
        await ask_language(message, i18n, pick_language(user.language_code if user else None))
    elif not resident.has_consented:
        await ask_consent(message)
    elif await state.get_state() is not None:
        await message.answer(
            _(
                "You have not finished what you started. Let's continue where you stopped, "
                "or send /cancel to leave it."
            )
        )
        if not await flows.reprompt(message, state, data | {"resident": resident, "i18n": i18n}):
            await state.clear()
            await show_main_menu(message)
    else:
        await show_main_menu(message, _("Hello! Choose what you need in the menu below."))


@router.callback_query(LanguageChoice.filter(F.code.in_(LANGUAGES)))
async def language_chosen(
    query: CallbackQuery,
    bot: Bot,
    callback_data: LanguageChoice,
    resident: Resident | None,
    session: AsyncSession,
    i18n: I18n,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    previous = resident.language if resident is not None else None
    resident = await residents.choose_language(session, query.from_user.id, callback_data.code)
    await staff_commands.follow_language(
        bot,
        i18n,
        session,
        settings,
        resident.telegram_id,
        language=resident.language,
        previous=previous,
    )
    message = query.message
    with i18n.use_locale(resident.language):
        callback_answer.text = _("Language set: {language}.").format(
            language=LANGUAGE_NAMES[resident.language]
        )
        if not isinstance(message, Message):
            return
        await message.edit_reply_markup(reply_markup=None)
        if resident.has_consented:
            await show_main_menu(message, callback_answer.text)
        else:
            await ask_consent(message)


@router.callback_query(ConsentChoice.filter())
async def consent_chosen(
    query: CallbackQuery,
    callback_data: ConsentChoice,
    session: AsyncSession,
    resident: Resident | None,
    i18n: I18n,
    state: FSMContext,
    **data: Any,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        return
    if resident is None:
        await ask_language(message, i18n, pick_language(query.from_user.language_code))
        return
    await message.edit_reply_markup(reply_markup=None)
    if not callback_data.agree:
        await message.answer(
            _(
                "Without your consent Kenes cannot accept requests, ratings or hearing "
                "registrations. You can still read /help and /privacy. If you change your "
                "mind, send /start."
            )
        )
        return
    await residents.give_consent(session, query.from_user.id)
    await show_main_menu(
        message,
        _("Thank you! Your consent has been recorded.")
        + "\n\n"
        + _("What would you like to do? Choose an item in the menu below."),
    )
    context = data | {"session": session, "resident": resident, "i18n": i18n}
    await flows.consented(message, state, context)
