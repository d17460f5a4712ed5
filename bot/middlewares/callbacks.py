from __future__ import annotations

import logging

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer, CallbackAnswerMiddleware

logger = logging.getLogger(__name__)


class CallbackAnswerer(CallbackAnswerMiddleware):
    """Answers every callback query once, so no button keeps spinning.

    Handlers set ``callback_answer.text`` instead of calling ``query.answer()``. A query that
    Telegram no longer accepts (too old, answered already) is not an error worth a reply.
    """

    async def answer(  # type: ignore[override]
        self, event: CallbackQuery, callback_answer: CallbackAnswer
    ) -> None:
        try:
            await super().answer(event, callback_answer)
        except TelegramBadRequest as error:
            logger.info("callback query %s not answered: %s", event.id, error.message)
