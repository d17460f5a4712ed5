"""Issue 14's privacy tests run on SQLite and on PostgreSQL: the ``world`` here takes the
database from the ``database`` parameter (indirect). Each test runs at least once in kk and
once in ru, and once on each database (``PAIRS``); the central ones on all four (``EVERY``)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from playground.emulator import Emulator
from playground.people import Person
from playground.runner import emulator_server, running_kenes
from tests.conftest import POSTGRES_URL, _require, fresh_postgres_database, make_settings
from tests.e2e.conftest import World

SQLITE = pytest.param("sqlite", id="sqlite")
POSTGRES = pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)
PAIRS = [
    pytest.param("kk", "sqlite", id="kk-sqlite"),
    pytest.param("ru", "postgresql", id="ru-postgresql", marks=pytest.mark.postgres),
]
EVERY = [
    pytest.param("kk", "sqlite", id="kk-sqlite"),
    pytest.param("ru", "sqlite", id="ru-sqlite"),
    pytest.param("kk", "postgresql", id="kk-postgresql", marks=pytest.mark.postgres),
    pytest.param("ru", "postgresql", id="ru-postgresql", marks=pytest.mark.postgres),
]
ERASE = {"kk": "🗑 Иә, деректерімді жою", "ru": "🗑 Да, удалить мои данные"}
ERASED = {
    "kk": "Дербес деректеріңіз жойылды. «Кеңес» ботын пайдаланғаныңызға рақмет. "
    "Қайта бастау үшін /start жіберіңіз.",
    "ru": "Ваши персональные данные удалены. Спасибо, что пользовались ботом «Кеңес». "
    "Чтобы начать заново, отправьте /start.",
}
REDACTED = {"kk": "[автордың сұрауы бойынша жойылды]", "ru": "[удалено по просьбе автора]"}


@pytest.fixture
async def database(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_template: Path
) -> AsyncIterator[str]:
    if request.param == "sqlite":
        target = tmp_path / "kenes.db"
        shutil.copyfile(migrated_template, target)
        yield f"sqlite+aiosqlite:///{target}"
        return
    base = _require(POSTGRES_URL, "KENES_TEST_POSTGRES_URL")
    template = request.getfixturevalue("postgres_template")
    async with fresh_postgres_database(base, template=template) as url:
        yield url


@pytest.fixture
async def world(
    emulator: Emulator, database: str, settings_overrides: dict[str, Any]
) -> AsyncIterator[World]:
    """On SQLite the pseudonym key is generated next to the database (the embedded
    default); on PostgreSQL it is set, as production sets it."""
    overrides = dict(settings_overrides)
    if database.startswith("postgresql"):
        overrides.setdefault("pseudonym_key", "privacy-tests-pseudonym-key-" + "7" * 32)
    settings = make_settings(database_url=database, **overrides)
    async with (
        emulator_server(emulator) as server,
        running_kenes(settings, emulator, server.url) as kenes,
    ):
        yield World(emulator, kenes.tracker, kenes, server)


async def erase(person: Person, language: str) -> None:
    """/delete_me, confirmed, through the buttons."""
    await person.send("/delete_me")
    [done] = await person.press(ERASE[language])
    assert done.content == ERASED[language]


async def erase_and_return(world: World, person: Person, language: str) -> Person:
    """Erase, then /start again: language and consent anew."""
    await erase(person, language)
    return await world.resident(person.id, language)
