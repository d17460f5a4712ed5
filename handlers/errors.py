"""What a person sees when handling their update failed: a short apology in their language.
Their place in a flow is kept (the FSM state is not touched)."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import ErrorEvent, User
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.failures import is_storage_unavailable
from bot.middlewares import LanguageMemory
from services import residents

logger = logging.getLogger(__name__)
router = Router(name="errors")


def _recipient(event: ErrorEvent) -> tuple[int | None, User | None]:
    update = event.update
    if update.message:
        return update.message.chat.id, update.message.from_user
    if update.callback_query:
        query = update.callback_query
        chat_id = query.message.chat.id if query.message else query.from_user.id
        return chat_id, query.from_user
    return None, None


async def _mark_blocked(event: ErrorEvent, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """The resident blocked Kenes (403 on our answer): remember it, so broadcasts skip them."""
    _, user = _recipient(event)
    if user is None:
        return
    try:
        async with sessionmaker() as session:
            await residents.set_bot_blocked(session, user.id, blocked=True)
    except Exception as error:
        if not is_storage_unavailable(error):
            raise
        logger.warning("update %s: blocked mark not stored", event.update.update_id)


@router.error()
async def on_error(
    event: ErrorEvent,
    bot: Bot,
    i18n: I18n,
    languages: LanguageMemory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> bool:
    error = event.exception
    if isinstance(error, TelegramForbiddenError):
        logger.info("update %s: %s", event.update.update_id, error.message)
        if "blocked" in error.message:
            await _mark_blocked(event, sessionmaker)
        return True
    logger.exception("update %s failed", event.update.update_id, exc_info=error)
    chat_id, user = _recipient(event)
    if chat_id is None:
        return True
    with i18n.context(), i18n.use_locale(languages.recall(user, i18n.default_locale)):
        text = (
            _("The service is temporarily unavailable. Please try again in a minute.")
            if is_storage_unavailable(error)
            else _(
                "Sorry, something went wrong on our side. What you have entered is kept: "
                "try again, or send /cancel."
            )
        )
    try:
        await bot.send_message(chat_id, text)
    except TelegramAPIError as send_error:
        logger.warning("could not tell chat about the error: %s", send_error)
    return True
