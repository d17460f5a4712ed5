"""Writing a period's aggregates into the akimat's database, idempotently.

One transaction per period: rows are upserted on their natural key (period, granularity, and
district with category or service; poll, option and district; quarter, question and
district), rows of the period that the new figures no longer have are deleted, and the
``export_batch`` row says what was written (row counts and a checksum). So a re-run, two
exporters at once, or a run that died half-way all end with the same rows. The batch keeps
its ``exported_at`` while the checksum is unchanged: a re-run of an unchanged period changes
nothing at all.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot import __version__
from models.akimat import ExportBatch, HearingStats, NeedStats, PollStats, PulseStats, RatingStats
from models.dialects import upsert_insert
from services.export.aggregates import Aggregates
from services.export.sql import Row

TABLES = (
    ("needs", NeedStats),
    ("ratings", RatingStats),
    ("hearings", HearingStats),
    ("polls", PollStats),
    ("pulse", PulseStats),
)
_LOCK_CLASS = 0x4B4E  # "KN": pg_advisory_xact_lock(class, hash of the period)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def checksum(aggregates: Aggregates) -> str:
    """SHA-256 of the rows as canonical JSON: ``{"hearings": [...], "needs": [...],
    "polls": [...], "pulse": [...], "ratings": [...]}``, each row an object with sorted
    keys, rows in key order, dates and times as ISO strings, no spaces
    (``docs/akimat-export.md``)."""
    document = {
        name: [{k: _plain(v) for k, v in row.items()} for row in getattr(aggregates, name)]
        for name, _ in TABLES
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _insert(connection: AsyncConnection) -> Any:
    return upsert_insert(connection.dialect.name)


async def _replace(
    connection: AsyncConnection, table: Any, rows: list[Row], period: str, granularity: str
) -> None:
    keys = [column.name for column in table.__table__.primary_key.columns]
    same_period = and_(table.period == period, table.granularity == granularity)
    wanted = {tuple(row[key] for key in keys) for row in rows}
    existing = await connection.execute(
        select(*[table.__table__.c[k] for k in keys]).where(same_period)
    )
    for stale in {tuple(row) for row in existing} - wanted:
        await connection.execute(
            delete(table).where(
                *[table.__table__.c[k] == v for k, v in zip(keys, stale, strict=True)]
            )
        )
    if not rows:
        return
    statement = _insert(connection)(table)
    updates = {
        column.name: statement.excluded[column.name]
        for column in table.__table__.columns
        if column.name not in keys
    }
    await connection.execute(
        statement.on_conflict_do_update(index_elements=keys, set_=updates), rows
    )


async def write(engine: AsyncEngine, aggregates: Aggregates, *, now: datetime) -> str:
    """Put ``aggregates`` into the akimat's database; return the batch checksum."""
    period = aggregates.period
    digest = checksum(aggregates)
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # exporters of one period take turns
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(CAST(:class AS integer), hashtext(:key))"),
                {"class": _LOCK_CLASS, "key": f"{period.granularity}:{period.key}"},
            )
        for name, table in TABLES:
            rows = getattr(aggregates, name)
            await _replace(connection, table, rows, period.key, period.granularity.value)
        batch = {
            "period": period.key,
            "granularity": period.granularity.value,
            "period_start": period.start,
            "period_end": period.last_day,
            "need_rows": len(aggregates.needs),
            "rating_rows": len(aggregates.ratings),
            "hearing_rows": len(aggregates.hearings),
            "poll_rows": len(aggregates.polls),
            "pulse_rows": len(aggregates.pulse),
            "checksum": digest,
            "exported_at": now,
            "kenes_version": __version__,
        }
        statement = _insert(connection)(ExportBatch).values(batch)
        await connection.execute(
            statement.on_conflict_do_update(
                index_elements=["period", "granularity"],
                set_={
                    k: statement.excluded[k] for k in batch if k not in ("period", "granularity")
                },
                where=ExportBatch.checksum != statement.excluded.checksum,
            )
        )
    return digest
