"""Adding a moderator: by a typed user id, or by a message of theirs forwarded here."""

from __future__ import annotations

import re
from typing import Any

from aiogram import Bot, Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
)
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot import flows
from bot.settings import Settings
from bot.staff_commands import refresh_staff_menu
from handlers.moderators.states import AddingModerator
from handlers.moderators.views import moderators_view, name_of
from keyboards.moderators import AddModerator
from services import staff
from services.staff import Actor, AddOutcome

router = Router(name="moderators.adding")
USER_ID = re.compile(r"^\d{1,16}$")


@router.callback_query(AddModerator.filter())
async def start_adding(query: CallbackQuery, state: FSMContext) -> None:
    if not isinstance(query.message, Message):
        return
    await state.set_state(AddingModerator.waiting)
    await ask_for_user(query.message, state, {})


@flows.prompt_for(AddingModerator.waiting)
async def ask_for_user(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _(
            "Send the new moderator's Telegram user ID (digits only), or forward here any "
            "message they wrote. To stop, send /cancel."
        )
    )


def _candidate(message: Message) -> tuple[int | None, str | None, str | None]:
    """(user id, their name, or why there is none) from what the administrator sent."""
    origin = message.forward_origin
    if isinstance(origin, MessageOriginUser):
        if origin.sender_user.is_bot:
            return None, None, _("A bot cannot be a moderator.")
        return origin.sender_user.id, origin.sender_user.full_name, None
    if isinstance(origin, MessageOriginHiddenUser):
        return (
            None,
            None,
            _(
                "{name} hides their account in forwarded messages, so Telegram does not tell "
                "Kenes who they are. Ask them for their user ID and send it here as digits."
            ).format(name=html.quote(origin.sender_user_name)),
        )
    if isinstance(origin, MessageOriginChat | MessageOriginChannel):
        return (
            None,
            None,
            _(
                "This message was forwarded from a chat or a channel, not from a person. "
                "Forward a message a person wrote, or send their user ID."
            ),
        )
    text = (message.text or "").strip()
    if USER_ID.match(text) and int(text) > 0:
        return int(text), None, None
    return (
        None,
        None,
        _(
            "This is not a user ID. Send digits only, such as 123456789, or forward a message "
            "from the person."
        ),
    )


@router.message(AddingModerator.waiting)
async def user_given(
    message: Message,
    bot: Bot,
    state: FSMContext,
    actor: Actor,
    session: AsyncSession,
    settings: Settings,
    i18n: I18n,
) -> None:
    user_id, name, problem = _candidate(message)
    if user_id is None:
        await message.answer(problem or "")
        return
    outcome = await staff.add_moderator(
        session, actor, user_id, name=name, admin_ids=settings.admin_ids
    )
    await state.clear()
    label = name_of(None, user_id, name)
    headline = {
        AddOutcome.ADDED: _("✅ {name} is now a moderator."),
        AddOutcome.ALREADY: _("{name} is a moderator already."),
        AddOutcome.ADMIN: _("{name} is an administrator and needs no appointment."),
    }[outcome].format(name=label)
    text, keyboard = await moderators_view(session, settings, i18n.current_locale)
    await message.answer(headline + "\n\n" + text, reply_markup=keyboard)
    if outcome is AddOutcome.ADDED:
        await refresh_staff_menu(bot, i18n, session, settings, user_id)
