from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer, CallbackAnswerMiddleware
from aiogram.utils.i18n import gettext as _

logger = logging.getLogger(__name__)

# What Telegram says when the pressed message is not of the kind the handler redraws: a
# press no button of that message carries (forged), or a handler's mistake (hence WARNING)
_NOT_EDITABLE = (
    "there is no text in the message to edit",
    "there is no caption in the message to edit",
)


def _edits_the_pressed_message(error: TelegramBadRequest, query: CallbackQuery) -> bool:
    message = query.message
    return (
        message is not None
        and getattr(error.method, "message_id", None) == message.message_id
        and getattr(error.method, "chat_id", None) in (message.chat.id, None)
        and any(reason in error.message for reason in _NOT_EDITABLE)
    )


class CallbackAnswerer(CallbackAnswerMiddleware):
    """Answers every callback query once, so no button keeps spinning.

    Handlers set ``callback_answer.text`` instead of calling ``query.answer()``. A query that
    Telegram no longer accepts (too old, answered already) is not an error worth a reply.
    A press whose handler redraws the pressed message's text (or caption), on a message that
    has none (a forged press on a file, say), is answered as a stale button, not with an
    apology for a failure of Kenes.
    """

    async def answer(  # type: ignore[override]
        self, event: CallbackQuery, callback_answer: CallbackAnswer
    ) -> None:
        try:
            await super().answer(event, callback_answer)
        except TelegramBadRequest as error:
            logger.info("callback query %s not answered: %s", event.id, error.message)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async def refusing_uneditable(event: TelegramObject, data: dict[str, Any]) -> Any:
            try:
                return await handler(event, data)
            except TelegramBadRequest as error:
                if not isinstance(event, CallbackQuery) or not _edits_the_pressed_message(
                    error, event
                ):
                    raise
                logger.warning("callback query %s: %s", event.id, error.message)
                data["callback_answer"].text = _("This button is no longer active.")
                return None

        return await super().__call__(refusing_uneditable, event, data)
