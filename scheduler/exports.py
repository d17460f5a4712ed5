"""The export and digest jobs. Every instance registers them (fixed ids, replace_existing);
they run on the leader only (``scheduler.follow_leader``).

- ``export-day`` / ``export-week`` / ``export-month``: after each period closes (00:05 every
  day, 00:10 on Mondays, 00:15 on the 1st, local time), export it and anything older still due;
- ``export-catch-up``: at start-up (as soon as this instance leads) and then every
  ``KENES_EXPORT_RETRY_SECONDS``: periods missed while down, and failed ones due again;
- ``digest-day`` / ``digest-week``: the moderators' digests at 09:00 (weekly on Mondays).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.utils.i18n import I18n
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.metrics import Metrics
from bot.settings import Settings
from bot.staff.alerts import StaffAlerts
from models.base import utcnow
from scheduler.leader import Leader
from services.export.run import AkimatTarget, Exporter
from services.periods import Granularity

if TYPE_CHECKING:  # the digests (charts, workbooks, their queries) load when first sent
    from bot.digest.digests import Digests

EXPORT_TIMES: dict[Granularity, dict[str, Any]] = {
    Granularity.DAY: {"hour": 0, "minute": 5},
    Granularity.WEEK: {"day_of_week": "mon", "hour": 0, "minute": 10},
    Granularity.MONTH: {"day": 1, "hour": 0, "minute": 15},
}
DIGEST_TIMES: dict[Granularity, dict[str, Any]] = {
    Granularity.DAY: {"hour": 9, "minute": 0},
    Granularity.WEEK: {"day_of_week": "mon", "hour": 9, "minute": 0},
}


@dataclass
class Exports:
    """The jobs' state: one job at a time in this process, and a stop that waits for it."""

    exporter: Exporter
    make_digests: Callable[[], Digests]
    leader: Leader
    _busy: asyncio.Lock = field(default_factory=asyncio.Lock)
    _stopping: bool = False
    _digests: Digests | None = None

    @property
    def digests(self) -> Digests:
        if self._digests is None:
            self._digests = self.make_digests()
        return self._digests

    def _keep_going(self) -> bool:
        return self.leader.is_leader and not self._stopping

    async def export(self, granularity: str | None = None) -> None:
        kinds = [Granularity(granularity)] if granularity else list(Granularity)
        async with self._busy:
            await self.exporter.catch_up(kinds, keep_going=self._keep_going)

    async def digest(self, granularity: str) -> None:
        async with self._busy:
            if self._keep_going():
                await self.digests.send_due(Granularity(granularity))

    async def idle(self) -> None:
        """Wait until no job of these runs (the one under way finishes its period)."""
        async with self._busy:
            return

    async def close(self) -> None:
        self._stopping = True
        await self.idle()
        await self.exporter.target.close()


def setup_exports(
    settings: Settings,
    bot: Bot,
    i18n: I18n,
    sessionmaker: async_sessionmaker[AsyncSession],
    scheduler: AsyncIOScheduler,
    metrics: Metrics,
    leader: Leader,
) -> Exports:
    alerts = StaffAlerts(bot, i18n, settings, sessionmaker)
    target = AkimatTarget(settings.akimat_database_url)
    exporter = Exporter(settings, sessionmaker, target, metrics, alerts)

    def make_digests() -> Digests:
        from bot.digest.digests import Digests

        return Digests(settings, bot, i18n, sessionmaker)

    exports = Exports(exporter, make_digests, leader)
    tz = settings.tz
    for granularity, when in EXPORT_TIMES.items():
        scheduler.add_job(
            exports.export,
            CronTrigger(timezone=tz, **when),
            args=[granularity.value],
            id=f"export-{granularity}",
            replace_existing=True,
        )
    scheduler.add_job(
        exports.export,
        "interval",
        seconds=settings.export_retry_seconds,
        next_run_time=utcnow(),
        id="export-catch-up",
        replace_existing=True,
    )
    for granularity, when in DIGEST_TIMES.items():
        scheduler.add_job(
            exports.digest,
            CronTrigger(timezone=tz, **when),
            args=[granularity.value],
            id=f"digest-{granularity}",
            replace_existing=True,
        )
    return exports
