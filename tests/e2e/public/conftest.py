"""Issue 14, parts 3 to 6: what residents and the public see of other people's needs. Every
test here runs in Kazakh and Russian (residents, moderators and the open data all in
``language``) and on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from playground.emulator import Emulator
from tests.e2e.conftest import World, world_on
from tests.e2e.desk.kit import settings_for


@pytest.fixture(params=["kk", "ru"])
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings_overrides(language: str) -> dict[str, Any]:
    return settings_for(language) | {"default_language": language}


@pytest.fixture
async def world(
    emulator: Emulator, migrated_database_url: str, settings_overrides: dict[str, Any]
) -> AsyncIterator[World]:
    async with world_on(emulator, migrated_database_url, settings_overrides) as world:
        yield world
