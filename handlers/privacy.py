"""/privacy explains what is kept and for how long (the periods come from the settings the
retention job uses); /delete_me erases the resident's personal data (``services.erasure``)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dedupe import RETENTION as UPDATE_RETENTION
from bot.desk import Desk
from bot.i18n import format_datetime, format_number
from bot.settings import Settings
from keyboards.callbacks import EraseChoice
from keyboards.common import erase_keyboard
from models.resident import Resident
from services import erasure

router = Router(name="privacy")


def days(count: int, language: str) -> str:
    return ngettext("{count} day", "{count} days", count).format(
        count=format_number(count, language)
    )


def hours(count: int, language: str) -> str:
    return ngettext("{count} hour", "{count} hours", count).format(
        count=format_number(count, language)
    )


def periods(settings: Settings, language: str) -> dict[str, str]:
    """The retention periods /privacy states: the very settings the retention job uses
    (``scheduler.retention``)."""
    return {
        "flow": days(settings.abandoned_flow_days, language),
        "photos": days(settings.closed_need_photo_days, language),
        "updates": hours(int(UPDATE_RETENTION.total_seconds()) // 3600, language),
        "memory": days(settings.erasure_memory_days, language),
        "refusals": days(settings.refusal_audit_days, language),
    }


@router.message(Command("privacy"))
async def privacy(
    message: Message, resident: Resident | None, settings: Settings, i18n: I18n
) -> None:
    language = i18n.current_locale
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
            "<b>What is kept:</b> your Telegram ID, your language and district, your "
            "announcement subscriptions, and what you send: requests with addresses, "
            "locations, photos and voice messages, supports (+1), ratings with comments, "
            "questions, hearing registrations and poll answers.\n"
            "<b>Who sees it:</b> the akimat's moderators, to handle your requests. The akimat's "
            "database receives only anonymised totals, never your ID or your texts.\n"
            "<b>How long:</b>\n"
            "• your ID, language and submissions: while you use Kenes;\n"
            "• an unfinished request or other unfinished step: {flow} after your last answer;\n"
            "• photos and voice messages of a request: {photos} after it is closed;\n"
            "• numbers of Telegram updates (against handling one twice): {updates};\n"
            "• the code of an erased account (see below): {memory} after erasure;\n"
            "• a refused press of a staff-only button, under that code: {refusals}.\n"
            "<b>Your rights:</b> you can withdraw your consent and have your data erased at any "
            "time with /delete_me. {erasure}"
        ).format(erasure=erasure_text(), **periods(settings, language))
        + "\n\n"
        + status
    )


def erasure_text() -> str:
    return _(
        "Erasure deletes your Telegram ID, language, district and announcement subscriptions, "
        "the texts of your requests and questions, rating comments, addresses, photos and "
        "voice messages (copies already posted in the moderators' chat stay in its history); "
        "exact locations are rounded to about 1 km, and your registrations for hearings still "
        "to come are cancelled. Category, "
        "district, status history, dates and scores stay, linked to nobody. So that erasing "
        "and starting again does not bypass the rules (a block, the daily limit of requests, "
        "one rating per 30 days, one support per request), Kenes keeps a code made from your "
        "Telegram ID with the akimat's secret key, and only what these rules need."
    )


@router.message(Command("delete_me"))
async def delete_me(message: Message, resident: Resident | None, settings: Settings) -> None:
    if resident is None:
        await message.answer(_("Kenes keeps no personal data about you."))
        return
    await message.answer(
        _("Delete your personal data? {erasure} The code is kept for {memory}.").format(
            erasure=erasure_text(), memory=days(settings.erasure_memory_days, resident.language)
        ),
        reply_markup=erase_keyboard(),
    )


@router.callback_query(EraseChoice.filter())
async def erase_chosen(
    query: CallbackQuery,
    callback_data: EraseChoice,
    session: AsyncSession,
    state: FSMContext,
    settings: Settings,
    desk: Desk,
) -> None:
    if not isinstance(query.message, Message):
        return
    await query.message.edit_reply_markup(reply_markup=None)
    if not callback_data.confirm:
        await query.message.answer(_("Nothing was deleted."))
        return
    await state.clear()
    erased = await erasure.erase(session, query.from_user.id, tz=settings.tz)
    await query.message.answer(
        _(
            "Your personal data has been deleted. Thank you for using Kenes. "
            "To start again, send /start."
        )
        if erased is not None
        else _("Kenes keeps no personal data about you."),
        reply_markup=ReplyKeyboardRemove(),
    )
    for need_id in erased.needs if erased is not None else []:
        await desk.refresh(need_id)  # the moderators' cards lose the author's words
    if erased is not None:
        await desk.delete_media(erased.needs)  # and the photos and voice posted with them
