"""Telling residents what happened to a need: the author and every supporter, each in their
own language. Whoever changes a status (a moderator's handler, a test) calls
:func:`notify_status_change` with what ``services.statuses`` returned.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.catalog import Catalog
from bot.render import status_notice
from bot.settings import Settings
from keyboards.my import verdict_buttons
from models.need import NeedStatus
from services import residents
from services.statuses import StatusChange

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    sent: int
    blocked: int
    failed: int


async def notify_status_change(
    change: StatusChange,
    *,
    bot: Bot,
    i18n: I18n,
    sessionmaker: async_sessionmaker[AsyncSession],
    catalog: Catalog,
    settings: Settings,
) -> Delivery:
    sent = blocked = failed = 0
    for recipient in change.recipients:
        with i18n.context(), i18n.use_locale(recipient.language):
            text = status_notice(
                change, catalog=catalog, language=recipient.language, tz=settings.tz
            )
            markup = None
            if recipient.is_author and change.to_status == NeedStatus.RESOLVED:
                text += "\n\n" + _("Is the problem really solved?")
                markup = verdict_buttons(change.need_id)
        try:
            await bot.send_message(recipient.telegram_id, text, reply_markup=markup)
            sent += 1
        except TelegramForbiddenError:
            async with sessionmaker() as session:
                await residents.set_bot_blocked(session, recipient.telegram_id, blocked=True)
            blocked += 1
        except TelegramAPIError as error:
            logger.warning("need %s: not delivered to a resident: %s", change.number, error)
            failed += 1
    return Delivery(sent, blocked, failed)
