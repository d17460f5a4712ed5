"""The database becomes unreachable in the middle of a conversation (a proxy in front of a
fresh PostgreSQL database is cut): the resident is asked, in their language, to try again in a
minute; readiness fails; nothing half-written remains; and once the database is back, Kenes
recovers by itself: the same button works, and the instance leads the scheduled work again."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy.engine import make_url

from playground.emulator import Emulator, Limits
from playground.people import Person
from playground.runner import emulator_server, running_kenes
from tests.conftest import free_port, make_settings
from tests.e2e.conftest import AGREE_BUTTON, World
from tests.e2e.production.conftest import check_stored
from tests.e2e.production.conversations import CONVERSATIONS, play
from tests.e2e.production.proxy import CuttableProxy

pytestmark = pytest.mark.postgres
UNAVAILABLE = {
    "kk": "Қызмет уақытша қолжетімсіз. Бір минуттан кейін қайталап көріңіз.",
    "ru": "Сервис временно недоступен. Пожалуйста, повторите попытку через минуту.",
}
RECOVERY_BOUND = 15.0


@pytest.fixture
async def proxy(postgres_url: str) -> AsyncIterator[CuttableProxy]:
    url = make_url(postgres_url)
    proxy = CuttableProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    yield proxy
    await proxy.stop()


@pytest.fixture
async def world(proxy: CuttableProxy, postgres_url: str) -> AsyncIterator[World]:
    through_proxy = make_url(postgres_url).set(host="127.0.0.1", port=proxy.port)
    settings = make_settings(
        database_url=through_proxy.render_as_string(hide_password=False),
        http_port=free_port(),
        leader_retry_seconds=0.3,
    )
    emulator = Emulator(limits=Limits(per_bot=None))
    async with (
        emulator_server(emulator) as server,
        running_kenes(settings, emulator, server.url) as kenes,
    ):
        yield World(emulator, kenes.tracker, kenes, server)


async def readiness(world: World) -> tuple[int, dict[str, object]]:
    assert world.kenes.server is not None
    async with (
        aiohttp.ClientSession() as http,
        http.get(world.kenes.server.url + "/readyz") as response,
    ):
        return response.status, await response.json()


async def eventually_leader(world: World) -> None:
    await world.wait_for(lambda: world.kenes.leader.is_leader, RECOVERY_BOUND, "leadership")


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_database_outage_mid_conversation(
    world: World, proxy: CuttableProxy, postgres_url: str, language: str
) -> None:
    conversation = CONVERSATIONS["first conversation"](language)
    person = Person(world, 7001, language_code=language)
    await play(conversation, person, slice(0, 2))  # language chosen, consent asked
    await eventually_leader(world)

    proxy.cut()
    during = await person.press(AGREE_BUTTON[language])
    ready_during = await readiness(world)
    await world.wait_for(lambda: not world.kenes.leader.is_leader, what="stepping down")
    proxy.restore()
    await play(conversation, person, slice(2, None))  # the same consent button, again

    assert [reply.content for reply in during] == [UNAVAILABLE[language]]
    status, body = ready_during
    checks = body["checks"]
    assert (status, body["status"]) == (503, "not ready")
    assert isinstance(checks, dict) and str(checks["database"]).startswith("unavailable (")
    assert (await readiness(world))[0] == 200
    await eventually_leader(world)
    await check_stored(postgres_url, conversation.stored, person)
