"""What a person sees when handling their update failed: a short apology in their language.
Their place in a flow is kept (the FSM state is not touched)."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import ErrorEvent, User
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.middlewares import LanguageMemory

logger = logging.getLogger(__name__)
router = Router(name="errors")


def _database_unavailable(error: BaseException) -> bool:
    if isinstance(error, OperationalError | ConnectionError | TimeoutError):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def _recipient(event: ErrorEvent) -> tuple[int | None, User | None]:
    update = event.update
    if update.message:
        return update.message.chat.id, update.message.from_user
    if update.callback_query:
        query = update.callback_query
        chat_id = query.message.chat.id if query.message else query.from_user.id
        return chat_id, query.from_user
    return None, None


@router.error()
async def on_error(event: ErrorEvent, bot: Bot, i18n: I18n, languages: LanguageMemory) -> bool:
    error = event.exception
    if isinstance(error, TelegramForbiddenError):
        logger.info("update %s: %s", event.update.update_id, error.message)
        return True
    logger.exception("update %s failed", event.update.update_id, exc_info=error)
    chat_id, user = _recipient(event)
    if chat_id is None:
        return True
    with i18n.context(), i18n.use_locale(languages.recall(user, i18n.default_locale)):
        text = (
            _("The service is temporarily unavailable. Please try again in a minute.")
            if _database_unavailable(error)
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
