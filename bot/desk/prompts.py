"""Questions to moderators expire (``KENES_MODERATOR_PROMPT_SECONDS``): a reason, a text or
a photo that nobody sent, a preview nobody confirmed. The sweep (a leader job) finds each
expired question, ends the moderator's step if it is still that question (under their
conversation lock, so an answer arriving now is either before or after), and says so in
the chat. An answer that arrives late is told the same by the handler itself."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

from aiogram import Bot, html
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, StorageKey
from aiogram.types import ReplyParameters
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.base import utcnow
from services import prompts
from services.prompts import Asked

logger = logging.getLogger(__name__)


def mention(user_id: int, name: str) -> str:
    return f'<a href="tg://user?id={user_id}">{html.quote(name)}</a>'


def addressed(chat_id: int, user_id: int, name: str, text: str) -> str:
    """``text`` (lower case first) to one person: named in a group, capitalized privately."""
    if chat_id > 0:  # a private chat
        return text[:1].upper() + text[1:]
    return f"{mention(user_id, name)}, {text}"


def expired_text(number: str | None) -> str:
    if number is None:
        return _("this question has expired: nobody answered it in time. Nothing was changed.")
    return _(
        "the question about need {number} has expired: nobody answered it in time. Nothing "
        "was changed; press the button on the card again to go on."
    ).format(number=number)


@dataclass
class PromptSweep:
    bot: Bot
    sessionmaker: async_sessionmaker[AsyncSession]
    i18n: I18n
    storage: BaseStorage
    isolation: BaseEventIsolation

    async def sweep(self) -> int:
        """End and announce every question that expired unanswered; how many there were."""
        async with self.sessionmaker() as session:
            due = await prompts.due(session, utcnow())
        told = 0
        for asked in due:
            if await self._end(asked):
                await self.tell(asked)
                told += 1
        return told

    async def _end(self, asked: Asked) -> bool:
        key = StorageKey(bot_id=self.bot.id, chat_id=asked.chat_id, user_id=asked.user_id)
        async with self.isolation.lock(key):
            async with self.sessionmaker() as session:
                if not await prompts.take(session, asked):
                    return False  # another instance's sweep, or asked again meanwhile
            state = await self.storage.get_state(key)
            data = await self.storage.get_data(key)
            if state is None or data.get("prompt_id") != asked.message_id:
                return False  # answered, cancelled, or another step since
            await self.storage.set_state(key, None)
            await self.storage.set_data(key, {})
            return True

    async def tell(self, asked: Asked) -> None:
        with contextlib.suppress(TelegramAPIError):  # a preview's buttons go (if any)
            await self.bot.edit_message_reply_markup(
                chat_id=asked.chat_id, message_id=asked.message_id, reply_markup=None
            )
        with self.i18n.context(), self.i18n.use_locale(asked.language):
            text = addressed(
                asked.chat_id, asked.user_id, asked.name, expired_text(asked.need_number)
            )
        try:
            await self.bot.send_message(
                asked.chat_id,
                text,
                reply_parameters=ReplyParameters(
                    message_id=asked.message_id, allow_sending_without_reply=True
                ),
            )
        except TelegramAPIError as error:
            logger.info("an expired question not announced: %s", error)
