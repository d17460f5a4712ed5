"""Telling moderators that the export to the akimat's database keeps failing, and that it
works again (``services.export.run.Alerts``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aiogram import Bot, html
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from bot.staff.send import to_staff
from models.export import ExportPeriod
from services.periods import Period
from services.staff_audience import StaffChat


def failing_text(failed: Sequence[ExportPeriod]) -> str:
    attempts = max(row.attempts for row in failed)
    periods = ", ".join(row.period for row in failed)
    errors = ", ".join(sorted({row.last_error or "?" for row in failed}))
    return _(
        "⚠️ The export to the akimat's database has failed {count} time in a row "
        "(periods: {periods}; error: <code>{error}</code>). Nothing is lost: Kenes keeps "
        "trying and exports these periods as soon as the database answers.",
        "⚠️ The export to the akimat's database has failed {count} times in a row "
        "(periods: {periods}; error: <code>{error}</code>). Nothing is lost: Kenes keeps "
        "trying and exports these periods as soon as the database answers.",
        attempts,
    ).format(count=attempts, periods=html.quote(periods), error=html.quote(errors))


def recovered_text(period: Period) -> str:
    return _("✅ The export to the akimat's database works again: {period} is exported.").format(
        period=period.key
    )


@dataclass
class StaffAlerts:
    bot: Bot
    i18n: I18n
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]

    async def _say(self, render: Callable[[], str]) -> None:
        async def send(chat: StaffChat) -> None:
            await self.bot.send_message(chat.chat_id, render())

        await to_staff(
            settings=self.settings, sessionmaker=self.sessionmaker, i18n=self.i18n, send=send
        )

    async def failing(self, failed: Sequence[ExportPeriod]) -> None:
        await self._say(lambda: failing_text(failed))

    async def recovered(self, period: Period) -> None:
        await self._say(lambda: recovered_text(period))
