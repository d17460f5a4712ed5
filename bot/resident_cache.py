"""The residents' rows in memory, for the one process that owns a SQLite database.

Every update starts by loading its sender's row (language, consent, blocked); from memory that
costs no transaction. It is only ever used where no other process writes the database (SQLite:
one process by design, as for the FSM cache); with PostgreSQL every update reads the row, so
several instances never disagree about a resident.

Nothing is served stale: every statement this process sends that writes ``residents``
(``INSERT``, ``UPDATE``, ``DELETE``, from the ORM, bulk updates or plain SQL) empties the
memory, and so does the end of the transaction that sent it; a row read while such a
transaction is open, or read before one ended, is not kept. A resident blocked by a moderator
is therefore blocked on their very next update.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from models.repositories import residents
from models.resident import Resident

_WRITES = re.compile(
    r"\s*(?:UPDATE|INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|DELETE\s+FROM)\s+\"?residents\b",
    re.IGNORECASE,
)
_WROTE = "kenes_wrote_residents"  # in the connection's pool record while its transaction is open
_COLUMNS = [attribute.key for attribute in Resident.__mapper__.column_attrs]


class ResidentCache:
    def __init__(self, engine: AsyncEngine, size: int = 20_000) -> None:
        self.size = size  # a row takes ~400 bytes: 8 MB at most
        self._rows: OrderedDict[int, tuple[Any, ...]] = OrderedDict()
        self._generation = 0  # changes whenever what is in the table may have changed
        self._writing = 0  # connections in a transaction that wrote residents
        event.listen(engine.sync_engine, "before_cursor_execute", self._on_statement)
        event.listen(engine.sync_engine, "checkin", self._on_checkin)  # also after dispose()

    def _forget(self) -> None:
        self._generation += 1
        self._rows.clear()

    def _on_statement(self, connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if _WRITES.match(statement):
            self._forget()
            if not connection.info.get(_WROTE):
                connection.info[_WROTE] = True
                self._writing += 1

    def _on_checkin(self, _dbapi_connection: Any, record: Any) -> None:
        if record.info.pop(_WROTE, False):  # its transaction is over: committed or not
            self._writing -= 1
            self._forget()

    async def load(self, session: AsyncSession, telegram_id: int) -> Resident | None:
        """The resident, attached to ``session`` as if it had been read there (call it in a
        transaction of ``session``); ``None`` for someone Kenes does not know."""
        row = self._rows.get(telegram_id)
        if row is not None:
            self._rows.move_to_end(telegram_id)
            known = Resident(**dict(zip(_COLUMNS, row, strict=True)))
            make_transient_to_detached(known)  # a row of the table, unchanged
            session.add(known)
            return known
        generation = self._generation
        resident = await residents.by_telegram_id(session, telegram_id)
        if resident is not None and generation == self._generation and not self._writing:
            self._rows[telegram_id] = tuple(getattr(resident, name) for name in _COLUMNS)
            if len(self._rows) > self.size:
                self._rows.popitem(last=False)
        return resident
