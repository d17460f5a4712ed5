"""The console's queue: every need (not only open ones) filtered, searched, sorted and paged
on the server, with the counts per status of what the other filters select.

Everything a view needs is in :class:`QueueQuery`, which the console reads from and writes
to the URL, so a filtered view can be shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Select,
    exists,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.need import OPEN_STATUSES, Need, NeedPhoto, NeedStatus, NeedSupporter

PAGE_SIZE = 50
SORTS = ("age", "-age", "deadline", "-deadline", "supporters", "-supporters")
OPEN = "open"
NUMBER = re.compile(r"^N-\d{4}-(\d{1,12})$", re.IGNORECASE)
WORDS_MAX = 5
# As the GIN index of migration console_0002 has it, literally (so that the index serves).
POSTGRESQL_WORDS: ColumnClause[Any] = literal_column(
    "to_tsvector('simple', coalesce(needs.description, '') || ' ' || coalesce(needs.address, ''))"
)


@dataclass(frozen=True)
class QueueQuery:
    status: str = ""  # "", "open" or a NeedStatus value
    category: str = ""
    district: str = ""
    department: int | None = None
    overdue: bool = False
    since: date | None = None
    until: date | None = None
    photo: bool = False
    location: bool = False
    q: str = ""
    sort: str = "-age"  # newest first
    page: int = 0

    @classmethod
    def from_params(cls, params: Any) -> QueueQuery:
        """From the URL's query (a mapping of strings); what does not parse is left out."""

        def day(name: str) -> date | None:
            try:
                return date.fromisoformat(params.get(name, ""))
            except ValueError:
                return None

        def number(name: str) -> int | None:
            value = params.get(name, "")
            return int(value) if value.isdigit() and len(value) < 10 else None

        status = params.get("status", "")
        sort = params.get("sort", "-age")
        return cls(
            status=status if status == OPEN or status in set(NeedStatus) else "",
            category=params.get("category", "")[:32],
            district=params.get("district", "")[:32],
            department=number("department"),
            overdue=params.get("overdue") == "1",
            since=day("since"),
            until=day("until"),
            photo=params.get("photo") == "1",
            location=params.get("location") == "1",
            q=" ".join(params.get("q", "").split())[:200],
            sort=sort if sort in SORTS else "-age",
            page=number("page") or 0,
        )

    def params(self, **changes: Any) -> dict[str, str]:
        """The URL's query for this view (with ``changes``), without default values."""
        view = replace(self, **changes)
        values = {
            "status": view.status,
            "category": view.category,
            "district": view.district,
            "department": "" if view.department is None else str(view.department),
            "overdue": "1" if view.overdue else "",
            "since": view.since.isoformat() if view.since else "",
            "until": view.until.isoformat() if view.until else "",
            "photo": "1" if view.photo else "",
            "location": "1" if view.location else "",
            "q": view.q,
            "sort": "" if view.sort == "-age" else view.sort,
            "page": str(view.page) if view.page else "",
        }
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class QueueRow:
    id: int
    number: str
    status: str
    category: str
    district: str
    address: str | None
    created_at: datetime
    deadline_at: datetime
    supporters: int
    photos: int
    overdue: bool


@dataclass(frozen=True)
class QueueResult:
    query: QueueQuery
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    counts: dict[str, int] = field(default_factory=dict)  # per status, other filters applied
    at: datetime = field(default_factory=utcnow)


def _supporters() -> Any:
    return (
        select(func.count(NeedSupporter.id))
        .where(NeedSupporter.need_id == Need.id)
        .correlate(Need)
        .scalar_subquery()
    )


def _photos() -> Any:
    return (
        select(func.count(NeedPhoto.id))
        .where(NeedPhoto.need_id == Need.id)
        .correlate(Need)
        .scalar_subquery()
    )


def _words(text: str) -> list[str]:
    """The words searched for: letters and digits only, at most :data:`WORDS_MAX`."""
    words = ("".join(ch for ch in word if ch.isalnum()) for word in text.split())
    return [word for word in words if word][:WORDS_MAX]


def _search(text: str, dialect: str) -> ColumnElement[bool] | None:
    """A number (``N-2026-000012``, or its digits: the need's id), else words that must all
    begin a word of the description or the address (any case, any script): SQLite's FTS5
    table ``needs_words``, PostgreSQL's text search on a GIN index (migration console_0002)."""
    if not text:
        return None
    if NUMBER.match(text) is not None:
        return Need.number == text.upper()
    if text.isdigit() and len(text) <= 12:
        return Need.id == int(text)  # the digits of a number are the need's id
    words = _words(text)
    if not words:
        return None
    if dialect == "postgresql":
        query = " & ".join(f"{word}:*" for word in words)
        return POSTGRESQL_WORDS.op("@@")(func.to_tsquery(literal_column("'simple'"), query))
    match = " AND ".join(f'"{word}"*' for word in words)
    found: Select[Any] = select(literal_column("rowid")).select_from(table("needs_words"))
    return Need.id.in_(found.where(literal_column("needs_words").op("MATCH")(match)))


def _day_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tz)


def _conditions(
    query: QueueQuery, at: datetime, tz: ZoneInfo, dialect: str, *, with_status: bool
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if with_status and query.status == OPEN:
        where.append(Need.status.in_([s.value for s in OPEN_STATUSES]))
    elif with_status and query.status:
        where.append(Need.status == query.status)
    if query.category:
        where.append(Need.category == query.category)
    if query.district:
        where.append(Need.district == query.district)
    if query.department is not None:
        where.append(Need.department_id == query.department)
    if query.overdue:
        where.append(Need.status.in_([s.value for s in OPEN_STATUSES]))
        where.append(Need.deadline_at < at)
    if query.since is not None:
        where.append(Need.created_at >= _day_start(query.since, tz))
    if query.until is not None:
        where.append(Need.created_at < _day_start(query.until + timedelta(days=1), tz))
    if query.photo:
        where.append(exists().where(NeedPhoto.need_id == Need.id))
    if query.location:
        where.append(Need.latitude.is_not(None))
    found = _search(query.q, dialect)
    if found is not None:
        where.append(found)
    return where


def _order(sort: str) -> tuple[Any, bool]:
    key = sort.lstrip("-")
    column: Any = {"age": Need.created_at, "deadline": Need.deadline_at}.get(key)
    return column, sort.startswith("-")


def _page_ids(where: list[ColumnElement[bool]], sort: str, offset: int, limit: int) -> Any:
    """The ids of the page's needs: walked on an index where one serves (a far page costs
    the index entries, not the rows), then the rows are read for these ids alone."""
    column, descending = _order(sort)
    statement = select(Need.id).where(*where)
    if column is None:  # by supporters: their counts, one pass over need_supporters
        counts = (
            select(NeedSupporter.need_id, func.count().label("supporters"))
            .group_by(NeedSupporter.need_id)
            .subquery()
        )
        statement = statement.outerjoin(counts, counts.c.need_id == Need.id)
        column = func.coalesce(counts.c.supporters, 0)
    if descending:
        statement = statement.order_by(column.desc(), Need.id.desc())
    else:
        statement = statement.order_by(column.asc(), Need.id.asc())
    return statement.offset(offset).limit(limit)


async def search(
    session: AsyncSession,
    query: QueueQuery,
    *,
    tz: ZoneInfo,
    at: datetime | None = None,
    page_size: int = PAGE_SIZE,
) -> QueueResult:
    at = at or utcnow()
    dialect = session.get_bind().dialect.name
    async with session.begin():
        others = _conditions(query, at, tz, dialect, with_status=False)
        counted = await session.execute(
            select(Need.status, func.count()).where(*others).group_by(Need.status)
        )
        counts: dict[str, int] = {status: count for status, count in counted.all()}  # noqa: C416
        if query.status == OPEN:
            total = sum(counts.get(s.value, 0) for s in OPEN_STATUSES)
        elif query.status:
            total = counts.get(query.status, 0)
        else:
            total = sum(counts.values())
        pages = max(1, -(-total // page_size))
        number = min(max(query.page, 0), pages - 1)
        where = _conditions(query, at, tz, dialect, with_status=True)
        ids = list(
            await session.scalars(_page_ids(where, query.sort, number * page_size, page_size))
        )
        statement = select(
            Need.id,
            Need.number,
            Need.status,
            Need.category,
            Need.district,
            Need.address,
            Need.created_at,
            Need.deadline_at,
            _supporters().label("supporters"),
            _photos().label("photos"),
        ).where(Need.id.in_(ids))
        found = {row.id: row for row in (await session.execute(statement)).all()} if ids else {}
        rows = [
            QueueRow(
                row.id,
                row.number,
                row.status,
                row.category,
                row.district,
                row.address,
                row.created_at,
                row.deadline_at,
                supporters=row.supporters,
                photos=row.photos,
                overdue=row.status in OPEN_STATUSES and row.deadline_at < at,
            )
            for row in (found[need_id] for need_id in ids)
        ]
    return QueueResult(replace(query, page=number), rows, total, number, pages, counts, at)
