"""Redis unreachable (where conversation state lives when several instances run): the
resident is asked, in their language, to try again in a minute, and readiness says why."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.conftest import free_port
from tests.e2e.conftest import World

UNAVAILABLE = {
    "kk": "Қызмет уақытша қолжетімсіз. Бір минуттан кейін қайталап көріңіз.",
    "ru": "Сервис временно недоступен. Пожалуйста, повторите попытку через минуту.",
}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    nobody_listens = free_port()
    return {"redis_url": f"redis://127.0.0.1:{nobody_listens}/0", "http_port": free_port()}


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_redis_unreachable_gets_an_apology_and_fails_readiness(
    world: World, language: str
) -> None:
    person = world.person(9001, language_code=language)

    replies = await person.send("/start")
    assert world.kenes.server is not None
    async with (
        aiohttp.ClientSession() as http,
        http.get(world.kenes.server.url + "/readyz") as response,
    ):
        status, body = response.status, await response.json()

    assert [reply.content for reply in replies] == [UNAVAILABLE[language]]
    assert (status, body["checks"]["database"]) == (503, "ok")
    assert body["checks"]["redis"].startswith("unavailable (")
    assert world.kenes.metrics.errors.labels("storage")._value.get() == 1
