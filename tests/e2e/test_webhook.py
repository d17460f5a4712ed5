"""Webhook mode: the emulator pushes updates to Kenes' HTTP server, as Telegram does.

Only requests with the right secret header are handled; an update delivered again (Telegram's
retries) is handled once, whether the claims live in the database or in Redis; the health,
readiness and metrics endpoints answer.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from models import Resident
from playground.emulator import Fault
from tests.conftest import free_port
from tests.e2e import webhook
from tests.e2e.conftest import World

SECRET = "kenes-Test_secret-1-" + "0123456789abcdef" * 2
GREETING = {
    "kk": "Сәлеметсіз бе! Төмендегі мәзірден қажетті бөлімді таңдаңыз.",
    "ru": "Здравствуйте! Выберите нужный раздел в меню ниже.",
}


@pytest.fixture(params=["database", pytest.param("redis", marks=pytest.mark.redis)])
def settings_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    port = free_port()
    overrides: dict[str, Any] = {
        "webhook_url": f"http://127.0.0.1:{port}/telegram/hook",
        "webhook_secret": SECRET,
        "http_port": port,
        "pseudonym_key": "webhook-test-pseudonym-key-" + "0" * 32,
    }
    if request.param == "redis":
        overrides["redis_url"] = request.getfixturevalue("redis_url")
        overrides["redis_prefix"] = request.getfixturevalue("redis_prefix")
    return overrides


def hook_url(world: World) -> str:
    url = world.kenes.settings.webhook_url
    assert url is not None
    return url


def base_url(world: World) -> str:
    assert world.kenes.server is not None
    return world.kenes.server.url


def text_update(world: World, user_id: int, text: str, update_id: int) -> dict[str, Any]:
    return webhook.text_update(world.emulator, user_id, text, update_id)


async def deliver(world: World, update: dict[str, Any], secret: str | None = SECRET) -> int:
    return await webhook.deliver(hook_url(world), update, secret)


async def residents_named(world: World, telegram_id: int) -> int:
    async with world.kenes.sessionmaker() as session, session.begin():
        count = await session.scalar(
            select(func.count()).select_from(Resident).where(Resident.telegram_id == telegram_id)
        )
    return int(count or 0)


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_first_conversation_over_the_webhook(world: World, language: str) -> None:
    person = await world.resident(3001, language)

    [reply] = await person.send("/start")

    assert reply.content == GREETING[language]
    assert ("setWebhook", SECRET) in [
        (name, params.get("secret_token")) for name, params in world.emulator.requests
    ]


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x"])
async def test_request_without_the_right_secret_is_refused_and_not_handled(
    world: World, secret: str | None
) -> None:
    update = text_update(world, 3002, "/start", update_id=700001)

    status = await deliver(world, update, secret=secret)
    await world.settle()

    assert status == 401
    assert world.emulator.bot_messages(3002) == []
    assert await residents_named(world, 3002) == 0
    assert world.kenes.metrics.updates.labels("message")._value.get() == 0


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_replayed_update_is_handled_once(world: World, language: str) -> None:
    person = await world.resident(3003, language)
    update = text_update(world, 3003, "/start", update_id=700002)
    before = len(person.inbox)

    statuses = [await deliver(world, update) for _ in range(3)]
    await world.settle()

    assert statuses == [200, 200, 200]
    assert [m.content for m in person.inbox[before:]] == [GREETING[language]]


async def test_delivery_while_the_first_is_being_handled_is_retried_later(
    world: World,
) -> None:
    person = await world.resident(3004, "ru")
    before = len(person.inbox)
    update = text_update(world, 3004, "/start", update_id=700003)
    world.emulator.faults.add(Fault("sendMessage", delay=1.0, chat_id=3004))

    first = asyncio.create_task(deliver(world, update))
    await world.wait_for(lambda: world.emulator.active_requests > 0, what="the slow answer")
    second = await deliver(world, update)
    third = await first
    fourth = await deliver(world, update)
    await world.settle()

    assert (second, third, fourth) == (503, 200, 200)
    assert [m.content for m in person.inbox[before:]] == [GREETING["ru"]]


async def test_health_readiness_and_metrics(world: World) -> None:
    await world.resident(3005, "kk")

    async with aiohttp.ClientSession(base_url(world)) as http:
        async with http.get("/healthz") as response:
            health = response.status, await response.json()
        async with http.get("/readyz") as response:
            ready = response.status, await response.json()
        async with http.get("/metrics") as response:
            metrics = await response.text()

    assert health == (200, {"status": "alive"})
    expected_checks = {"database": "ok"}
    if world.kenes.settings.redis_url:
        expected_checks["redis"] = "ok"
    assert ready == (200, {"status": "ready", "checks": expected_checks})
    assert 'kenes_updates_total{type="message"} 1.0' in metrics
    assert 'kenes_updates_total{type="callback_query"} 2.0' in metrics
    assert 'kenes_update_handling_seconds_count{type="callback_query"} 2.0' in metrics
    assert 'kenes_webhook_requests_total{outcome="handled"} 3.0' in metrics
    assert "kenes_leader 1.0" in metrics
