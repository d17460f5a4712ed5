"""The real bot (the ``kenes run`` code path: long polling over HTTP) against the emulator."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from bot.app import Kenes
from playground.emulator import Emulator, EmulatorServer, Limits
from playground.people import Person, Stage
from playground.runner import emulator_server, running_kenes
from tests.conftest import make_settings
from tests.e2e.control_client import Control

LANGUAGE_BUTTON = {"kk": "Қазақша", "ru": "Русский"}
AGREE_BUTTON = {"kk": "✅ Келісемін", "ru": "✅ Даю согласие"}
MENU = {
    "kk": [
        "📝 Өтініш беру",
        "⭐ Қызметті бағалау",
        "🏛 Қоғамдық тыңдаулар",
        "📋 Менің өтініштерім",
        "🗳 Сауалнамалар",
        "📊 Қала статистикасы",
        "🌐 Тіл / Язык",
        "❓ Анықтама",
    ],
    "ru": [
        "📝 Подать обращение",
        "⭐ Оценить услугу",
        "🏛 Общественные слушания",
        "📋 Мои обращения",
        "🗳 Опросы",
        "📊 Статистика города",
        "🌐 Язык / Тіл",
        "❓ Справка",
    ],
}


@dataclass
class World(Stage):
    kenes: Kenes
    server: EmulatorServer | None = None

    def person(self, user_id: int, language_code: str | None = "kk", **kwargs: Any) -> Person:
        return Person(self, user_id, language_code=language_code, **kwargs)

    async def resident(self, user_id: int, language: str = "kk") -> Person:
        """A resident who chose ``language`` and gave consent, through the real flow."""
        person = self.person(user_id, language_code=None)
        await person.send("/start")
        await person.press(LANGUAGE_BUTTON[language])
        await person.press(AGREE_BUTTON[language])
        return person


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Override in a test module to start Kenes with other settings."""
    return {}


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(limits=Limits(per_bot=None))


@pytest.fixture
async def control(emulator: Emulator) -> AsyncIterator[Control]:
    """The emulator alone (no bot) and a client of its control API."""
    async with emulator_server(emulator) as server, aiohttp.ClientSession() as http:
        yield Control(http, server.url)


@contextlib.asynccontextmanager
async def world_on(
    emulator: Emulator, database_url: str, settings_overrides: dict[str, Any]
) -> AsyncIterator[World]:
    """Kenes running on ``database_url`` against the emulator."""
    settings = make_settings(database_url=database_url, **settings_overrides)
    async with (
        emulator_server(emulator) as server,
        running_kenes(settings, emulator, server.url) as kenes,
    ):
        yield World(emulator, kenes.tracker, kenes, server)


@pytest.fixture
async def world(
    emulator: Emulator, sqlite_url: str, settings_overrides: dict[str, Any]
) -> AsyncIterator[World]:
    async with world_on(emulator, sqlite_url, settings_overrides) as world:
        yield world
