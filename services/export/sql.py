"""SQL pieces the aggregates share, written once per dialect: hours between two stored
timestamps, medians, and the folding of small cells."""

from __future__ import annotations

from collections.abc import Sequence
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

from models.akimat import OTHER


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
