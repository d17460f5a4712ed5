"""No personal data leaves: every column of every table in the akimat's database, and every
open-data file, is scanned for Telegram ids and for any free text Kenes holds (descriptions,
addresses, comments, photo file ids, staff names, block reasons)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from bot.catalog import load_catalog
from models import NeedEvent, NeedPhoto, Resident, StaffMember
from models.akimat import OTHER
from services.export import files
from services.export.aggregates import collect
from services.periods import parse
from tests import export_kit as kit
from tests.export.conftest import Databases

AFTER = kit.local(2025, 12, 10)
PERIODS = ["2025-11", "2025-W47", "2025-11-16", "2025-11-01"]


async def secrets(databases: Databases) -> tuple[set[int], set[str]]:
    """Telegram ids and free texts as they are stored in Kenes' database."""
    async with databases.sessions() as session, session.begin():
        ids = set((await session.execute(select(Resident.telegram_id))).scalars())
        ids |= set((await session.execute(select(StaffMember.telegram_id))).scalars())
        texts = set((await session.execute(select(StaffMember.name))).scalars())
        texts |= set((await session.execute(select(NeedPhoto.file_id))).scalars())
        texts |= set((await session.execute(select(NeedEvent.comment))).scalars())
        texts |= set((await session.execute(select(Resident.blocked_reason))).scalars())
    return ids, {text for text in texts if text}


def allowed_strings() -> set[str]:
    catalog = load_catalog("almaty")
    codes = {e.code for e in (*catalog.districts, *catalog.categories, *catalog.services)}
    return codes | {OTHER, "day", "week", "month"} | set(PERIODS)


def assert_clean(value: object, ids: set[int], texts: set[str], where: str) -> None:
    if isinstance(value, bool) or value is None or isinstance(value, date | datetime):
        return
    if isinstance(value, int | float):
        assert value not in ids, where
        return
    text = str(value)
    assert text not in texts, where
    assert not any(str(i) in text for i in ids), where
    assert not any(len(t) > 3 and t in text for t in texts), where


async def test_no_personal_data_reaches_the_akimat_or_the_open_data(
    databases: Databases, tmp_path: Path
) -> None:
    data = kit.generate(seed=51)
    data.needs[3].description = "Иван Петров, +7 701 000 11 22, ул. Абая 1"
    await kit.store(databases.sessions, data)
    async with databases.sessions() as session, session.begin():
        session.add(StaffMember(telegram_id=777000111, name="Айгерім Серікқызы"))
        session.add(NeedPhoto(need_id=4, position=1, file_id="AgACAgIAAxkBAAIBsecretfileid"))
        session.add(
            NeedEvent(
                need_id=4,
                actor="staff:777000111",
                from_status="new",
                to_status="rejected",
                comment="Жеке жауап: Иван, хабарласыңыз",
                at=kit.local(2025, 11, 20, 10),
            )
        )
    exporter = databases.exporter(export_min_cell=3)
    for key in PERIODS:
        await exporter.export(parse(key), now=AFTER)
        async with databases.sessions() as session:
            figures = await collect(session, parse(key), parse(key).bounds(kit.TZ), 3)
        files.write_files(figures, tmp_path / "open", "csv")
        files.write_files(figures, tmp_path / "open", "json")
    ids, texts = await secrets(databases)
    texts |= data.texts() | {f"Address {n.id}" for n in data.needs}
    assert len(ids) >= 40 and "Айгерім Серікқызы" in texts

    tables = await databases.akimat_rows()
    scanned = 0
    for table, rows in tables.items():
        # no hearing or poll in this data: tests/export/test_participation.py scans those
        assert rows or table in ("hearing_stats", "poll_stats", "pulse_stats"), table
        for row in rows:
            for column, value in row.items():
                assert_clean(value, ids, texts, f"{table}.{column}")
                if isinstance(value, str) and column not in ("checksum", "kenes_version"):
                    assert value in allowed_strings(), f"{table}.{column}={value!r}"
                scanned += 1
    for path in sorted((tmp_path / "open").iterdir()):
        assert_clean(path.read_text(encoding="utf-8"), ids, texts, path.name)
    assert scanned > 500
