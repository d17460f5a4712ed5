"""Open-data files of a period: the aggregates as CSV or JSON (the same rows the akimat's
database gets), and the published needs as Open311 GeoReport v2 JSON.

Open311 carries only needs a moderator accepted (accepted, in progress, resolved) and no
word a resident wrote: the description is the public summary the moderator gave when
accepting, or the category's name; no address; the location rounded to a grid of about
100 m; no resident, no Telegram file, no moderator's comment.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import Catalog
from bot.logs import hide_phones
from models.akimat import STATS_TABLES
from models.need import OPEN_STATUSES, Need, NeedStatus
from services.export.aggregates import Aggregates
from services.periods import Period

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SECTIONS = {
    "needs": "need_stats",
    "ratings": "rating_stats",
    "hearings": "hearing_stats",
    "polls": "poll_stats",
    "pulse": "pulse_stats",
}


def _columns(table_name: str) -> list[str]:
    [table] = [t for t in STATS_TABLES if t.__tablename__ == table_name]
    return [column.name for column in table.__table__.columns]


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def as_json(aggregates: Aggregates) -> str:
    period = aggregates.period
    document: dict[str, Any] = {
        "period": period.key,
        "granularity": period.granularity.value,
        "period_start": period.start.isoformat(),
        "period_end": period.last_day.isoformat(),
    }
    for name, table in SECTIONS.items():
        document[table] = [
            {column: _plain(row[column]) for column in _columns(table)}
            for row in getattr(aggregates, name)
        ]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_csv(aggregates: Aggregates, name: str) -> str:
    """One table (a key of ``SECTIONS``: ``needs``, ``ratings``...) as CSV with a header row."""
    columns = _columns(SECTIONS[name])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in getattr(aggregates, name):
        writer.writerow({column: _plain(row[column]) for column in columns})
    return buffer.getvalue()


def file_name(period: Period, what: str, suffix: str) -> str:
    return f"kenes-{what}-{period.granularity}-{period.key}.{suffix}"


def write_files(aggregates: Aggregates, directory: Path, fmt: str) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    period = aggregates.period
    if fmt == "json":
        path = directory / file_name(period, "aggregates", "json")
        path.write_text(as_json(aggregates), encoding="utf-8")
        return [path]
    written = []
    for name, table in SECTIONS.items():
        path = directory / file_name(period, table, "csv")
        path.write_text(as_csv(aggregates, name), encoding="utf-8")
        written.append(path)
    return written


def _moment(value: datetime, tz: ZoneInfo) -> str:
    return value.astimezone(tz).isoformat(timespec="seconds")


def masked(text: str) -> str:
    return _EMAIL.sub("[email]", hide_phones(text))


PUBLISHED = (NeedStatus.ACCEPTED, NeedStatus.IN_PROGRESS, NeedStatus.RESOLVED)
GRID_DECIMALS = 3  # 0.001° is about 111 m north-south and 80 m east-west in Kazakhstan


def on_grid(value: float | None) -> float | None:
    """A coordinate snapped to the public grid (about 100 m)."""
    return None if value is None else round(value, GRID_DECIMALS)


async def open311(
    session: AsyncSession,
    period: Period | None,
    *,
    catalog: Catalog,
    language: str,
    tz: ZoneInfo,
) -> list[dict[str, Any]]:
    """The published needs submitted in ``period`` (all of them when ``None``) as GeoReport
    v2 service requests."""
    query = (
        select(
            Need.number,
            Need.status,
            Need.category,
            Need.public_summary,
            Need.created_at,
            Need.updated_at,
            Need.latitude,
            Need.longitude,
        )
        .where(Need.status.in_([status.value for status in PUBLISHED]))
        .order_by(Need.created_at, Need.id)
    )
    if period is not None:
        start, end = period.bounds(tz)
        query = query.where(Need.created_at >= start, Need.created_at < end)
    async with session.begin():
        rows = (await session.execute(query)).all()
    requests = []
    for row in rows:
        category = catalog.category(row.category)
        name = category.name(language) if category else row.category
        requests.append(
            {
                "service_request_id": row.number,
                "status": "open" if row.status in OPEN_STATUSES else "closed",
                "service_code": row.category,
                "service_name": name,
                "description": masked(row.public_summary) if row.public_summary else name,
                "requested_datetime": _moment(row.created_at, tz),
                "updated_datetime": _moment(row.updated_at, tz),
                "address": None,
                "lat": on_grid(row.latitude),
                "long": on_grid(row.longitude),
            }
        )
    return requests
