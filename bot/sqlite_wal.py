"""Checkpoints of Kenes' SQLite databases, made where no update waits for them.

SQLite copies the WAL back into the database at the ``COMMIT`` that finds it over 1,000 pages:
up to 80 ms here, with an fsync. The connection's automatic checkpoint is off
(``bot.database``); after :data:`CHECKPOINT_CHANGES` changed rows (or DDL run on aiosqlite's
thread, which may have written many pages) a checkpoint (``PASSIVE``, as the automatic one is)
is made on a connection of its own, in a worker thread, that nobody waits for: the update
whose ``COMMIT`` made it due no longer waits the 20-80 ms (0.5 % of the updates of the dispatch
benchmark did, the Send step's). A database without a file of its own (in memory) has no
second connection: there ``bot.sqlite_trips`` makes the checkpoint after the ``COMMIT``, on
aiosqlite's thread.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import Any

logger = logging.getLogger(__name__)

CHECKPOINT_CHANGES = 500  # rows changed between two checkpoints
ASIDE_TIMEOUT_S = 1.0  # how long a checkpoint made aside waits for a lock (on its thread)


def checkpoint(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def _checkpoint_file(file: str) -> None:
    # Opening the file and the checkpoint itself can meet another connection's short lock
    # (a checkpoint of a closing connection, the WAL index being read): no update waits on
    # this thread, so it waits a little rather than fail and leave the WAL to grow.
    connection = sqlite3.connect(file, timeout=ASIDE_TIMEOUT_S, isolation_level=None)
    try:
        checkpoint(connection)
    finally:
        connection.close()


def _checkpointed(done: asyncio.Future[None]) -> None:
    if not done.cancelled() and done.exception() is not None:  # the next one is due soon
        logger.warning("WAL checkpoint not made (the WAL grows): %s", done.exception())


class Wal:
    """Per connection: rows changed as of the last checkpoint, whether a statement on the
    thread may have written more than rows show (DDL, a batch), the database's file (``""``:
    none; ``None``: not looked up yet) and the checkpoint under way there."""

    __slots__ = ("changes", "file", "heavy", "running")

    def __init__(self, changes: int) -> None:
        self.changes = changes
        self.heavy = False
        self.file: str | None = None
        self.running: asyncio.Future[None] | None = None

    def checkpoint_aside(self, connection: sqlite3.Connection) -> bool:
        """Start a checkpoint on a connection of its own (see above), or say there is no
        file for one. Called on the loop's thread with ``connection`` free."""
        file = self.file_of(connection)
        if not file:
            return False
        self.made(connection)
        if self.running is None or self.running.done():
            self.running = asyncio.get_running_loop().run_in_executor(None, _checkpoint_file, file)
            self.running.add_done_callback(_checkpointed)
        return True

    def file_of(self, connection: sqlite3.Connection) -> str:
        """The database's file (``""``: in memory, no checkpoint aside), looked up once."""
        if self.file is None:
            self.file = next(
                (
                    file
                    for _seq, name, file in connection.execute("PRAGMA database_list")
                    if name == "main"
                ),
                "",
            )
        return self.file

    def made(self, connection: sqlite3.Connection) -> None:
        """A checkpoint is under way or done: count the changes from here."""
        self.changes, self.heavy = connection.total_changes, False

    def due(self, connection: sqlite3.Connection) -> bool:
        return self.heavy or connection.total_changes - self.changes >= CHECKPOINT_CHANGES


def of(driver: Any) -> Wal:
    """The WAL bookkeeping of an aiosqlite connection."""
    wal: Wal | None = getattr(driver, "kenes_wal", None)
    if wal is None:
        wal = driver.kenes_wal = Wal(driver._conn.total_changes)
    return wal
