"""Sending a digest once per period: the claim (``export_periods``, kind ``digest``) keeps a
new leader from sending again what the old one sent; by hand (``kenes digest --now``) it is
sent whatever was sent before."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.types import BufferedInputFile
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.catalog import Catalog, load_catalog
from bot.digest import chart, text, workbook
from bot.settings import Settings
from bot.staff.send import to_staff
from models.base import utcnow
from models.export import ExportKind
from services import digests, periods
from services.digests import Digest
from services.export import claims
from services.periods import Granularity, Period
from services.staff_audience import StaffChat

logger = logging.getLogger(__name__)
KIND = ExportKind.DIGEST.value


@dataclass
class Digests:
    settings: Settings
    bot: Bot
    i18n: I18n
    sessionmaker: async_sessionmaker[AsyncSession]
    catalog: Catalog = field(init=False)
    runner: str = "digests"

    def __post_init__(self) -> None:
        self.catalog = load_catalog(self.settings.city)

    async def send_due(self, granularity: Granularity, *, now: datetime | None = None) -> bool:
        """The scheduled digest of the last closed period, unless it was sent already."""
        now = now or utcnow()
        period = periods.last_closed(granularity, now, self.settings.tz)
        async with self.sessionmaker() as session:
            claim = await claims.claim(
                session,
                KIND,
                period,
                runner=self.runner,
                now=now,
                lifetime=timedelta(seconds=self.settings.export_claim_seconds),
            )
            if claim is None:
                return False
            try:
                await self.send(period)
            except Exception as error:
                logger.warning("digest %s not sent: %s", period, type(error).__name__)
                await claims.fail(
                    session, claim, now=now, retry_at=now, error=type(error).__name__
                )
                return False
            await claims.finish(session, claim, now=utcnow())
        return True

    async def send(self, period: Period) -> int:
        """Send the digest of ``period`` to the staff now; return the chats reached."""
        async with self.sessionmaker() as session:
            digest = await digests.build(session, period, self.settings.tz)

        async def send(chat: StaffChat) -> None:
            await self._send(chat, digest)

        return await to_staff(
            settings=self.settings, sessionmaker=self.sessionmaker, i18n=self.i18n, send=send
        )

    async def _send(self, chat: StaffChat, digest: Digest) -> None:
        locale = chat.language
        png = await asyncio.to_thread(chart.render, digest, self.catalog, locale)
        xlsx = await asyncio.to_thread(workbook.render, digest, self.catalog, locale)
        period = digest.period
        await self.bot.send_message(
            chat.chat_id, text.render(digest, self.catalog, locale, self.settings.tz)
        )
        await self.bot.send_photo(
            chat.chat_id,
            BufferedInputFile(png, filename=f"kenes-digest-{period.granularity}-{period}.png"),
            caption=_("Chart: {title}").format(title=text.title(digest, locale)),
        )
        await self.bot.send_document(
            chat.chat_id,
            BufferedInputFile(xlsx, filename=f"kenes-digest-{period.granularity}-{period}.xlsx"),
            caption=_("The period's figures as a spreadsheet: {title}").format(
                title=text.title(digest, locale)
            ),
        )
