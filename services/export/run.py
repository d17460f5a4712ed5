"""The exporter: a period at a time, exactly once, and every period missed while down.

``export(period)`` claims the period in Kenes' database, reads its aggregates there, writes
them to the akimat's database and marks the period done. If the akimat's database cannot be
reached (or anything else fails) the period is marked failed and due again after a delay that
doubles up to ``KENES_EXPORT_RETRY_MAX_SECONDS``; nothing is lost, because the figures are
computed again from Kenes' own data. After ``KENES_EXPORT_ALERT_AFTER`` failures in a row
moderators are alerted once, and told again when it works.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import migrate
from bot.database import create_engine, is_sqlite
from bot.metrics import Metrics
from bot.settings import Settings
from models.base import utcnow
from models.export import ExportKind, ExportPeriod
from models.need import Need
from models.rating import Rating
from services import periods
from services.export import claims
from services.periods import Granularity, Period

logger = logging.getLogger(__name__)
CONNECT_TIMEOUT = 10  # seconds to reach the akimat's PostgreSQL
SETTLE = timedelta(minutes=5)  # a period is exported once the last transactions in it commit
KIND = ExportKind.AKIMAT.value
_MIGRATION_LOCKS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


class Outcome(StrEnum):
    DONE = "done"
    HELD = "held"  # done already, not due again yet, or another run holds it
    FAILED = "failed"


class Alerts(Protocol):
    async def failing(self, failed: Sequence[ExportPeriod]) -> None: ...
    async def recovered(self, period: Period) -> None: ...


class NoAlerts:
    async def failing(self, failed: Sequence[ExportPeriod]) -> None:
        return None

    async def recovered(self, period: Period) -> None:
        return None


@dataclass
class Exporter:
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    target: AkimatTarget
    metrics: Metrics | None = None
    alerts: Alerts = field(default_factory=NoAlerts)
    runner: str = field(default_factory=lambda: uuid.uuid4().hex)
    last_error: str | None = None  # what made the last attempt fail, for the operator

    def _retry_at(self, now: datetime, attempt: int) -> datetime:
        delay = self.settings.export_retry_seconds * 2 ** min(attempt - 1, 30)
        return now + timedelta(seconds=min(delay, self.settings.export_retry_max_seconds))

    async def export(
        self, period: Period, *, force: bool = False, now: datetime | None = None
    ) -> Outcome:
        now = now or utcnow()
        async with self.sessionmaker() as session:
            claim = await claims.claim(
                session,
                KIND,
                period,
                runner=self.runner,
                now=now,
                lifetime=timedelta(seconds=self.settings.export_claim_seconds),
                force=force,
            )
            if claim is None:
                return Outcome.HELD
            try:
                from services.export import akimat  # what exporting needs, on the first
                from services.export.aggregates import collect  # export: not in an idle bot

                await self.target.ensure_schema()
                figures = await collect(
                    session, period, period.bounds(self.settings.tz), self.settings.export_min_cell
                )
                await akimat.write(self.target.engine, figures, now=utcnow())
            except Exception as error:
                logger.warning("export of %s failed: %s", period, type(error).__name__)
                self.last_error = describe(error)
                retry_at = self._retry_at(now, claim.attempt)
                await claims.fail(
                    session, claim, now=now, retry_at=retry_at, error=type(error).__name__
                )
                self._count(succeeded=False)
                await self._alert(session)
                return Outcome.FAILED
            recovered = await claims.finish(session, claim, now=utcnow())
        self._count(succeeded=True)
        logger.info("exported %s (%s)", period, period.granularity)
        if recovered:
            try:
                await self.alerts.recovered(period)
            except Exception as error:
                logger.warning("export recovery notice not sent: %s", type(error).__name__)
        return Outcome.DONE

    def _count(self, *, succeeded: bool) -> None:
        if self.metrics is not None:
            self.metrics.export_run(succeeded=succeeded)

    async def _alert(self, session: AsyncSession) -> None:
        failing = await claims.to_alert(session, KIND, threshold=self.settings.export_alert_after)
        if not failing:
            return
        try:
            await self.alerts.failing(failing)
        except Exception as error:  # Telegram is down too: alert at the next failure
            logger.warning("export alert not sent: %s", type(error).__name__)
            return
        await claims.mark_alerted(session, [row.id for row in failing], now=utcnow())

    async def due(self, granularity: Granularity, now: datetime) -> list[Period]:
        """Closed periods since the first need or rating (at most ``catch_up_days`` back)
        that are not exported yet, oldest first."""
        tz = self.settings.tz
        async with self.sessionmaker() as session, session.begin():
            firsts = [
                await session.scalar(select(func.min(Need.created_at))),
                await session.scalar(select(func.min(Rating.created_at))),
            ]
        known = [moment for moment in firsts if moment is not None]
        if not known:
            return []
        horizon = max(min(known), now - timedelta(days=self.settings.export_catch_up_days))
        first = periods.containing(periods.local_day(horizon, tz), granularity)
        candidates = list(periods.closed_since(first, now, tz, settle=SETTLE))
        async with self.sessionmaker() as session:
            done = await claims.done_keys(
                session, KIND, granularity.value, [p.key for p in candidates]
            )
        return [period for period in candidates if period.key not in done]

    async def catch_up(
        self,
        granularities: Sequence[Granularity] = tuple(Granularity),
        *,
        now: datetime | None = None,
        keep_going: Callable[[], bool] = lambda: True,
    ) -> dict[str, Outcome]:
        """Export every due period; stop at the first failure (the akimat's database is
        probably down: the next tick tries again) or when this instance stops leading."""
        now = now or utcnow()
        outcomes: dict[str, Outcome] = {}
        for granularity in granularities:
            for period in await self.due(granularity, now):
                if not keep_going():
                    return outcomes
                outcome = await self.export(period, now=now)
                outcomes[f"{granularity}:{period}"] = outcome
                if outcome is Outcome.FAILED:
                    return outcomes
        return outcomes


def describe(error: BaseException) -> str:
    """The error's class and the first line of its message (no data: these come from the
    database driver and the network)."""
    text = (str(error).strip().splitlines() or [""])[0][:200]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class AkimatTarget:
    """The akimat's database: an engine, and its schema migrated once per process (before
    the first export, so an unreachable database never stops Kenes from starting)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.migrated = False
        self._engine: AsyncEngine | None = None

    @property
    def engine(self) -> AsyncEngine:
        """Made on first use, inside an export's error handling: even a path that cannot be
        created is a failed attempt, retried later, not a crash."""
        if self._engine is None:
            options: dict[str, Any] = {}
            if not is_sqlite(self.url):
                options["connect_args"] = {"timeout": CONNECT_TIMEOUT}
            self._engine = create_engine(self.url, **options)
        return self._engine

    async def ensure_schema(self) -> None:
        if self.migrated:
            return
        # Alembic's context is global to the process: one migration at a time in here (other
        # processes wait on the database's own lock).
        loop = asyncio.get_running_loop()
        lock = _MIGRATION_LOCKS.setdefault(loop, asyncio.Lock())
        async with lock:
            await migrate.upgrade_akimat(self.url)
        self.migrated = True

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
