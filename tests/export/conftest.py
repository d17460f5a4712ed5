"""The exporter's tests run with both databases of one kind: SQLite files, or two fresh
PostgreSQL databases (when KENES_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.database import create_engine, create_sessionmaker
from models.akimat import (
    ExportBatch,
    HearingStats,
    NeedStats,
    PollStats,
    PulseStats,
    RatingStats,
)
from models.export import ExportPeriod
from services.export.run import AkimatTarget, Exporter
from services.periods import Period
from tests.conftest import POSTGRES_URL, _require, fresh_postgres_database, make_settings

AKIMAT_TABLES = (NeedStats, RatingStats, HearingStats, PollStats, PulseStats, ExportBatch)


@dataclass
class Databases:
    kenes_url: str
    akimat_url: str
    sessions: async_sessionmaker[AsyncSession]
    engines: list[AsyncEngine] = field(default_factory=list)
    targets: list[AkimatTarget] = field(default_factory=list)

    def exporter(self, akimat_url: str | None = None, **settings: Any) -> Exporter:
        values = {"akimat_database_url": akimat_url or self.akimat_url} | settings
        target = AkimatTarget(values["akimat_database_url"])
        self.targets.append(target)
        return Exporter(
            make_settings(database_url=self.kenes_url, **values), self.sessions, target
        )

    async def akimat_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every export table, in key order."""
        engine = create_engine(self.akimat_url)
        try:
            async with engine.connect() as connection:
                tables = {}
                for model in AKIMAT_TABLES:
                    table: Any = model.__table__
                    query = select(table).order_by(*table.primary_key.columns)
                    tables[table.name] = [
                        dict(r._mapping) for r in await connection.execute(query)
                    ]
                return tables
        finally:
            await engine.dispose()

    async def claims(self) -> list[ExportPeriod]:
        async with self.sessions() as session, session.begin():
            return list(
                (await session.execute(select(ExportPeriod).order_by(ExportPeriod.id))).scalars()
            )


def stats_only(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows without the period columns, as the test kit computes them."""
    hidden = ("period", "granularity", "period_start", "period_end")
    return [{k: v for k, v in row.items() if k not in hidden} for row in rows]


def of_period(rows: list[dict[str, Any]], period: Period) -> list[dict[str, Any]]:
    return [
        row
        for row in rows
        if (row["period"], row["granularity"]) == (period.key, period.granularity.value)
    ]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def databases(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Databases]:
    if request.param == "sqlite":
        urls = (
            request.getfixturevalue("sqlite_url"),  # Kenes' database, migrated
            f"sqlite+aiosqlite:///{tmp_path / 'akimat.db'}",  # the akimat's, empty
        )
        async for databases in _databases(*urls):
            yield databases
        return
    base = _require(POSTGRES_URL, "KENES_TEST_POSTGRES_URL")
    template = request.getfixturevalue("postgres_template")
    async with (
        fresh_postgres_database(base, template=template) as kenes,
        fresh_postgres_database(base) as akimat,
    ):
        async for databases in _databases(kenes, akimat):
            yield databases


async def _databases(kenes_url: str, akimat_url: str) -> AsyncIterator[Databases]:
    """Kenes' database (already migrated to head) and the akimat's (empty)."""
    engine = create_engine(kenes_url)
    databases = Databases(kenes_url, akimat_url, create_sessionmaker(engine), [engine])
    try:
        yield databases
    finally:
        for target in databases.targets:
            await target.close()
        for engine in databases.engines:
            await engine.dispose()


Snapshot = Callable[[], Any]
