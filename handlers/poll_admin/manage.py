"""``/pollstats``: the recent polls, each with its results (counts, percentages, by district),
and closing a poll early after a confirmation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import Catalog
from bot.settings import Settings
from handlers.poll_admin.views import poll_view, polls_list
from keyboards.poll_admin import MANAGE_ACTIONS, PollManage, confirm_close_keyboard
from scheduler.polls import nudge
from services import broadcasts, polls
from services.staff import Actor

router = Router(name="poll_admin.manage")


@router.message(Command("pollstats"))
async def show_polls(
    message: Message, session: AsyncSession, settings: Settings, i18n: I18n
) -> None:
    text, keyboard = await polls_list(session, i18n.current_locale, settings)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(PollManage.filter(F.action.in_(MANAGE_ACTIONS)))
async def manage(
    query: CallbackQuery,
    callback_data: PollManage,
    actor: Actor,
    session: AsyncSession,
    settings: Settings,
    catalog: Catalog,
    i18n: I18n,
    scheduler: AsyncIOScheduler,
    callback_answer: CallbackAnswer,
) -> None:
    if not isinstance(query.message, Message):
        return
    language = i18n.current_locale
    if callback_data.action == "list":
        text, keyboard = await polls_list(session, language, settings)
        await query.message.edit_text(text, reply_markup=keyboard)
        return
    if callback_data.action == "closed":
        if await polls.close_now(session, callback_data.poll, actor):
            view = await polls.view(session, callback_data.poll)
            if view is not None and view.poll.broadcast_id is not None:
                # invitations not sent yet are no use any more
                await broadcasts.cancel(session, view.poll.broadcast_id, actor)
            nudge(scheduler, settings.tz)
            callback_answer.text = _("The poll is closed. Its results go to those who answered.")
        else:
            callback_answer.text = _("This poll has closed already.")
    shown = await poll_view(session, callback_data.poll, language, settings, catalog)
    if shown is None:
        callback_answer.text = _("This poll no longer exists.")
        return
    text, keyboard = shown
    if callback_data.action == "close":
        text = _("Close poll №{number} now? Residents will no longer be able to answer.").format(
            number=callback_data.poll
        )
        keyboard = confirm_close_keyboard(callback_data.poll)
    await query.message.edit_text(text, reply_markup=keyboard)
