"""``INSERT … ON CONFLICT`` of the database's own dialect. ``sqlalchemy.dialects.postgresql``
(22 modules, ~1.4 MB resident) is imported only by a process that talks to PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def upsert_insert(dialect: str) -> Callable[..., Any]:
    """``insert`` of PostgreSQL's or SQLite's dialect (both have ``on_conflict_do_*``)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
