"""The list of moderators, its pages, and removing a moderator after a confirmation."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.desk.guard import GroupGuard
from bot.settings import Settings
from bot.staff_commands import refresh_staff_menu
from handlers.moderators.views import moderators_view, name_of
from keyboards.moderators import ModeratorsPage, RemoveModerator, confirm_removal_keyboard
from services import staff
from services.staff import Actor

router = Router(name="moderators.listing")


@router.message(Command("moderators"))
async def show_moderators(
    message: Message, session: AsyncSession, settings: Settings, i18n: I18n
) -> None:
    text, keyboard = await moderators_view(session, settings, i18n.current_locale)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(ModeratorsPage.filter(F.page >= 0))
async def turn_page(
    query: CallbackQuery,
    callback_data: ModeratorsPage,
    session: AsyncSession,
    settings: Settings,
    i18n: I18n,
) -> None:
    if not isinstance(query.message, Message):
        return
    text, keyboard = await moderators_view(
        session, settings, i18n.current_locale, callback_data.page
    )
    await query.message.edit_text(text, reply_markup=keyboard)


@router.callback_query(RemoveModerator.filter(~F.confirmed))
async def confirm_removal(
    query: CallbackQuery, callback_data: RemoveModerator, session: AsyncSession
) -> None:
    if not isinstance(query.message, Message):
        return
    member = await staff.member(session, callback_data.user_id)
    await query.message.edit_text(
        _("Remove {name} from the moderators? They lose access at once.").format(
            name=name_of(member, callback_data.user_id)
        ),
        reply_markup=confirm_removal_keyboard(callback_data.user_id, callback_data.page),
    )


@router.callback_query(RemoveModerator.filter(F.confirmed))
async def remove(
    query: CallbackQuery,
    bot: Bot,
    callback_data: RemoveModerator,
    actor: Actor,
    session: AsyncSession,
    settings: Settings,
    i18n: I18n,
    callback_answer: CallbackAnswer,
    guard: GroupGuard,
) -> None:
    removed = await staff.remove_moderator(session, actor, callback_data.user_id)
    callback_answer.text = (
        _("Removed: they can no longer use the moderator tools.")
        if removed
        else _("They are not a moderator any more.")
    )
    if isinstance(query.message, Message):
        text, keyboard = await moderators_view(
            session, settings, i18n.current_locale, callback_data.page
        )
        await query.message.edit_text(text, reply_markup=keyboard)
    if removed:
        await refresh_staff_menu(bot, i18n, session, settings, callback_data.user_id)
        out = await guard.moderator_removed(callback_data.user_id)  # the group, cards too
        if not out and isinstance(query.message, Message):
            await query.message.answer(
                _(
                    "⚠️ Kenes could not remove them from the moderators' group. Remove them "
                    "by hand, or make Kenes an administrator of the group with the right to "
                    "ban users."
                )
            )
