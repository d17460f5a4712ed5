"""SQL pieces the aggregates share, written once per dialect: hours between two stored
timestamps, medians, the folding of small cells (which cells: ``services.disclosure``), and
the statement per aggregate that adds up the facts per cell, folds the small cells and takes
the medians."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    Subquery,
    and_,
    case,
    distinct,
    extract,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from models.akimat import OTHER
from services import disclosure
from services.disclosure import Figure
from services.periods import Period

Row = dict[str, Any]
Key = tuple[Any, ...]  # a cell's keys (district, category...)
FACTS = "facts"  # the rows of a cell, to order cells of as many residents


def hours_between(later: Any, earlier: Any, dialect: str) -> ColumnElement[Any]:
    """``later - earlier`` in hours. SQLite stores UTC timestamps as ISO text."""
    if dialect == "postgresql":
        return extract("epoch", later - earlier) / 3600.0
    return (func.julianday(later) - func.julianday(earlier)) * 24.0


def cell_totals(facts: CTE, keys: Sequence[str], sums: Sequence[str]) -> CTE:
    """One row per cell of ``facts`` (one row per need or rating, with ``resident_id``): its
    distinct residents and the sums of its rows. Rows whose resident was erased (``NULL``)
    count for nobody, so they never make a cell look bigger than it is."""
    key_columns = [facts.c[key] for key in keys]
    return (
        select(
            *key_columns,
            func.count(distinct(facts.c.resident_id)).label("residents"),
            func.count().label(FACTS),
            *[func.sum(facts.c[name]).label(name) for name in sums],
        )
        .group_by(*key_columns)
        .cte(f"{facts.name}_cells")
    )


def _placed(cells: CTE, keys: Sequence[str], folded: Collection[Key]) -> list[ColumnElement[Any]]:
    """The cell's keys, or ``_other`` for a cell folded by the small-cell rule."""
    same = [and_(*[cells.c[k] == v for k, v in zip(keys, key, strict=True)]) for key in folded]
    is_folded = or_(false(), *same)
    return [case((is_folded, literal(OTHER)), else_=cells.c[key]).label(key) for key in keys]


async def folded_cells(
    session: AsyncSession, cells: CTE, keys: Sequence[str], min_cell: int
) -> list[Key]:
    """The cells to fold, as :func:`services.disclosure.fold` decides from their residents."""
    rows = (await session.execute(select(cells))).mappings()
    figures = {
        tuple(row[key] for key in keys): Figure(int(row[FACTS]), int(row["residents"]))
        for row in rows
    }
    return disclosure.fold(figures, min_cell)


def folded_sums(
    cells: CTE, keys: Sequence[str], sums: Sequence[str], folded: Collection[Key]
) -> Select[tuple[object, ...]]:
    """The sums per cell, the ``folded`` cells added up into one ``_other`` cell."""
    placed = select(*_placed(cells, keys, folded), *[cells.c[name] for name in sums]).subquery(
        f"{cells.name}_folded"
    )
    placed_keys = [placed.c[key] for key in keys]
    aggregates = [func.sum(placed.c[name]).label(name) for name in sums]
    return select(*placed_keys, *aggregates).group_by(*placed_keys)


def placed_values(
    facts: CTE, cells: CTE, keys: Sequence[str], measures: Sequence[str], folded: Collection[Key]
) -> CTE:
    """The rows of ``facts`` that have a value of one of ``measures`` (what a median is taken
    over), with the keys of their cell, or ``_other`` when that cell is folded."""
    return (
        select(*_placed(cells, keys, folded), *[facts.c[measure] for measure in measures])
        .join(cells, and_(*[cells.c[key] == facts.c[key] for key in keys]))
        .where(or_(*[facts.c[measure].is_not(None) for measure in measures]))
        .cte(f"{facts.name}_placed")
    )


def native_medians(
    placed: CTE, keys: Sequence[str], medians: Sequence[str]
) -> Select[tuple[object, ...]]:
    """The medians per cell with PostgreSQL's aggregate (``percentile_cont`` skips NULLs)."""
    key_columns = [placed.c[key] for key in keys]
    values = [
        func.percentile_cont(0.5).within_group(placed.c[name]).label(name) for name in medians
    ]
    return select(*key_columns, *values).group_by(*key_columns)


def window_median(placed: CTE, keys: Sequence[str], column: str) -> Select[tuple[object, ...]]:
    """Portable median per cell (SQLite has no percentile function): rank the values in each
    cell and average the middle one or two."""
    key_columns = [placed.c[key] for key in keys]
    value = placed.c[column]
    ranked = (
        select(
            *key_columns,
            value.label("value"),
            func.row_number().over(partition_by=key_columns, order_by=value).label("rank"),
            func.count().over(partition_by=key_columns).label("total"),
        )
        .where(value.is_not(None))
        .subquery()
    )
    middle = ranked.c.rank.in_([(ranked.c.total + 1) // 2, (ranked.c.total + 2) // 2])
    ranked_keys = [ranked.c[key] for key in keys]
    return (
        select(*ranked_keys, func.avg(ranked.c.value).label(column))
        .where(middle)
        .group_by(*ranked_keys)
    )


def round2(value: float) -> float:
    """Two decimals, halves rounded up: the same figure whichever database computed it
    (the last bits of a float differ between PostgreSQL and SQLite)."""
    steady = Decimal(repr(round(value, 6)))
    return float(steady.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def flag(condition: Any) -> Any:
    return case((condition, 1), else_=0)


def _median_cells(
    placed: CTE, keys: Sequence[str], medians: Sequence[str], dialect: str
) -> list[Subquery]:
    if dialect == "postgresql":
        return [native_medians(placed, keys, medians).subquery(f"{placed.name}_medians")]
    # No median aggregate here: rank the values per cell, one median at a time.
    return [
        window_median(placed, keys, name).subquery(f"{placed.name}_{name}") for name in medians
    ]


async def grouped(
    session: AsyncSession,
    facts: Any,
    keys: tuple[str, ...],
    sums: tuple[str, ...],
    medians: tuple[str, ...],
    min_cell: int,
) -> list[Row]:
    """Sums and medians per cell, small cells folded, in one statement (the facts are
    computed once). The sums are added up per cell first and folded afterwards; only the
    rows with a value go on to the medians."""
    cells = cell_totals(facts, keys, sums)
    folded = await folded_cells(session, cells, keys, min_cell)
    query = folded_sums(cells, keys, sums, folded)
    if medians:
        placed = placed_values(facts, cells, keys, medians, folded)
        dialect = session.get_bind().dialect.name
        totals = query.subquery(f"{facts.name}_totals")
        query = select(totals)
        for per_cell in _median_cells(placed, keys, medians, dialect):
            same_cell = and_(*[per_cell.c[key] == totals.c[key] for key in keys])
            values = [per_cell.c[name] for name in medians if name in per_cell.c]
            query = query.add_columns(*values).outerjoin(per_cell, same_cell)
    result = await session.execute(query)
    rows = [dict(row._mapping) for row in result]
    for row in rows:
        for name in medians:
            row[name] = None if row[name] is None else round2(float(row[name]))
        for name in sums:
            row[name] = int(row[name] or 0)
    return sorted(rows, key=lambda row: tuple(row[key] for key in keys))


def period_columns(period: Period) -> Row:
    return {
        "period": period.key,
        "granularity": period.granularity.value,
        "period_start": period.start,
        "period_end": period.last_day,
    }
