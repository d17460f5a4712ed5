"""SQL pieces the aggregates share, written once per dialect: hours between two stored
timestamps, medians, the folding of small cells, and one GROUP BY over folded facts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    and_,
    case,
    distinct,
    extract,
    func,
    literal,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from models.akimat import OTHER
from services.periods import Period

Row = dict[str, Any]


def hours_between(later: Any, earlier: Any, dialect: str) -> ColumnElement[Any]:
    """``later - earlier`` in hours. SQLite stores UTC timestamps as ISO text."""
    if dialect == "postgresql":
        return extract("epoch", later - earlier) / 3600.0
    return (func.julianday(later) - func.julianday(earlier)) * 24.0


def fold_small_cells(
    facts: CTE, keys: Sequence[str], measures: Sequence[str], min_cell: int, name: str
) -> CTE:
    """``facts`` (one row per need or rating, with ``resident_id``) with the cell keys of
    every cell that has fewer than ``min_cell`` distinct residents replaced by ``_other``.
    Rows whose resident was erased (``NULL``) count for nobody, so they never make a cell
    look bigger than it is."""
    key_columns = [facts.c[key] for key in keys]
    cells = (
        select(*key_columns, func.count(distinct(facts.c.resident_id)).label("residents"))
        .group_by(*key_columns)
        .cte(f"{name}_cells")
    )
    small = cells.c.residents < min_cell
    return (
        select(
            *[case((small, literal(OTHER)), else_=facts.c[key]).label(key) for key in keys],
            *[facts.c[measure] for measure in measures],
        )
        .join(cells, and_(*[cells.c[key] == facts.c[key] for key in keys]))
        .cte(name)
    )


def median(placed: CTE, column: str, dialect: str) -> ColumnElement[Any] | None:
    """The median as an aggregate, where the dialect has one (PostgreSQL)."""
    if dialect == "postgresql":
        return func.percentile_cont(0.5).within_group(placed.c[column])
    return None


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


async def grouped(
    session: AsyncSession,
    facts: Any,
    keys: tuple[str, ...],
    sums: tuple[str, ...],
    medians: tuple[str, ...],
    min_cell: int,
) -> list[Row]:
    dialect = session.get_bind().dialect.name
    placed = fold_small_cells(facts, keys, (*sums, *medians), min_cell, f"{facts.name}_placed")
    key_columns = [placed.c[key] for key in keys]
    aggregates = [func.sum(placed.c[name]).label(name) for name in sums]
    native = {name: median(placed, name, dialect) for name in medians}
    aggregates += [value.label(name) for name, value in native.items() if value is not None]
    query = select(*key_columns, *aggregates).group_by(*key_columns)
    result = await session.execute(query)
    rows: dict[tuple[Any, ...], Row] = {tuple(r[: len(keys)]): dict(r._mapping) for r in result}
    for name, value in native.items():
        if value is None:  # no median aggregate here: rank the values per cell
            for cell in await session.execute(window_median(placed, keys, name)):
                rows[tuple(cell[: len(keys)])][name] = cell[-1]
    for row in rows.values():
        for name in medians:
            row[name] = None if row.get(name) is None else round2(float(row[name]))
        for name in sums:
            row[name] = int(row[name] or 0)
    return [rows[key] for key in sorted(rows)]


def period_columns(period: Period) -> Row:
    return {
        "period": period.key,
        "granularity": period.granularity.value,
        "period_start": period.start,
        "period_end": period.last_day,
    }
