"""/privacy explains what is kept; /delete_me erases the resident's personal data."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import format_datetime
from bot.settings import Settings
from keyboards.callbacks import EraseChoice
from keyboards.common import erase_keyboard
from models.resident import Resident
from services import residents

router = Router(name="privacy")


@router.message(Command("privacy"))
async def privacy(message: Message, resident: Resident | None, settings: Settings) -> None:
    if resident is not None and resident.consent_at is not None:
        status = _("You gave your consent on {date}.").format(
            date=format_datetime(resident.consent_at, resident.language, settings.tz)
        )
    else:
        status = _("You have not given your consent; Kenes keeps at most your language.")
    await message.answer(
        _(
            "<b>Your personal data in Kenes</b>\n\n"
            "Kenes follows the Law of the Republic of Kazakhstan No. 94-V “On Personal Data "
            "and Their Protection”.\n\n"
            "<b>What is kept:</b> your Telegram ID, your language, and what you send: "
            "requests with addresses, locations and photos, ratings, questions and hearing "
            "registrations.\n"
            "<b>Who sees it:</b> the akimat's moderators, to handle your requests. The akimat's "
            "database receives only anonymised totals, never your ID or your texts.\n"
            "<b>How long:</b> while you use Kenes.\n"
            "<b>Your rights:</b> you can withdraw your consent and have your data erased at any "
            "time with /delete_me. Your submissions then stay only in anonymised form."
        )
        + "\n\n"
        + status
    )


@router.message(Command("delete_me"))
async def delete_me(message: Message, resident: Resident | None) -> None:
    if resident is None:
        await message.answer(_("Kenes keeps no personal data about you."))
        return
    await message.answer(
        _(
            "Delete your personal data? Your Telegram ID, your language and the link between "
            "you and your submissions will be erased. Your submissions stay in anonymised "
            "form, and you will no longer get news about them."
        ),
        reply_markup=erase_keyboard(),
    )


@router.callback_query(EraseChoice.filter())
async def erase_chosen(
    query: CallbackQuery,
    callback_data: EraseChoice,
    session: AsyncSession,
    state: FSMContext,
) -> None:
    if not isinstance(query.message, Message):
        return
    await query.message.edit_reply_markup(reply_markup=None)
    if not callback_data.confirm:
        await query.message.answer(_("Nothing was deleted."))
        return
    await state.clear()
    erased = await residents.erase(session, query.from_user.id)
    await query.message.answer(
        _(
            "Your personal data has been deleted. Thank you for using Kenes. "
            "To start again, send /start."
        )
        if erased
        else _("Kenes keeps no personal data about you."),
        reply_markup=ReplyKeyboardRemove(),
    )
