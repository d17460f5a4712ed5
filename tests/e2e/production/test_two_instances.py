"""Two ``kenes run --webhook`` processes behind a round-robin balancer, sharing a fresh
PostgreSQL database and Redis: one resident's updates alternate between them and the
conversation completes exactly as with one process. One instance leads the scheduled work;
when it is killed, the other takes over and the conversation goes on."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from playground.emulator import EmulatorServer
from playground.people import Person
from tests.e2e.production.balancer import Balancer, behind_balancer
from tests.e2e.production.conftest import SECRET, check_stored
from tests.e2e.production.conversations import CONVERSATIONS, GREETING, play
from tests.e2e.production.processes import BotProcess, Processes
from tests.e2e.webhook import deliver, text_update

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
TAKEOVER_BOUND = 15.0  # leader retry 0.5 s; the bound is generous for a loaded machine
NAME, USER_ID = "Айгерим Сейтқали", 5550001234


@pytest.fixture
async def pair(
    stage: Processes,
    bot_process: Callable[..., BotProcess],
    postgres_url: str,
    redis_url: str,
    redis_prefix: str,
) -> AsyncIterator[tuple[BotProcess, BotProcess, Balancer]]:
    bots = [
        bot_process(
            name,
            postgres_url,
            webhook=True,
            redis_url=redis_url,
            redis_prefix=redis_prefix,
            webhook_secret=SECRET,
            leader_retry_seconds="0.5",
            log_level="DEBUG",
        )
        for name in ("a", "b")
    ]
    async with behind_balancer(stage, bots) as balancer:
        yield bots[0], bots[1], balancer


async def leaders(bots: tuple[BotProcess, ...]) -> list[str]:
    return [bot.name for bot in bots if bot.alive() and (await bot.metrics())["kenes_leader"]]


async def wait_for_leader(bots: tuple[BotProcess, ...], expected: str) -> None:
    deadline = time.monotonic() + TAKEOVER_BOUND
    while await leaders(bots) != [expected]:
        assert time.monotonic() < deadline, f"{expected} did not lead: {await leaders(bots)}"
        await asyncio.sleep(0.1)


def personal_data_in(log: Path) -> list[str]:
    """Log lines (all JSON) that contain the resident's name, id or a phone number."""
    found = []
    for line in log.read_text().splitlines():
        json.loads(line)  # every line is a JSON object
        if NAME.split()[0] in line or str(USER_ID) in line or "701 123" in line:
            found.append(line)
    return found


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("flow", sorted(CONVERSATIONS))
async def test_a_conversation_alternating_between_two_instances(
    stage: Processes,
    api: EmulatorServer,
    pair: tuple[BotProcess, BotProcess, Balancer],
    postgres_url: str,
    flow: str,
    language: str,
) -> None:
    a, b, balancer = pair
    conversation = CONVERSATIONS[flow](language)
    person = Person(stage, USER_ID, language_code=language, first_name=NAME)

    await play(conversation, person)
    await person.send("+7 701 123 45 67")  # something personal, which no log may show

    handled = [target for target, status in balancer.served if status == 200]
    assert handled[:4] == [a.url, b.url, a.url, b.url]  # each step on the other instance
    await check_stored(postgres_url, conversation.stored, person)
    assert personal_data_in(a.log) == []
    assert personal_data_in(b.log) == []


async def test_the_other_instance_takes_over_when_the_leader_is_killed(
    stage: Processes,
    pair: tuple[BotProcess, BotProcess, Balancer],
    postgres_url: str,
) -> None:
    a, b, _ = pair
    await wait_for_leader((a, b), "a")  # a started first and took the lock
    conversation = CONVERSATIONS["first conversation"]("ru")
    person = Person(stage, USER_ID, language_code="ru")
    await play(conversation, person, slice(0, 2))

    await stage.kill(a)
    await wait_for_leader((a, b), "b")
    await play(conversation, person, slice(2, None))

    await check_stored(postgres_url, conversation.stored, person)


async def test_an_update_delivered_to_both_instances_is_handled_once(
    stage: Processes, api: EmulatorServer, pair: tuple[BotProcess, BotProcess, Balancer]
) -> None:
    a, b, _ = pair
    person = Person(stage, USER_ID, language_code="kk")
    await play(CONVERSATIONS["first conversation"]("kk"), person)
    before = len(person.inbox)
    update = text_update(api.emulator, USER_ID, "/start", update_id=990001)
    path = "/telegram/webhook"

    statuses = [await deliver(bot.url + path, update, SECRET) for bot in (a, b, a)]
    await stage.settle()

    assert statuses == [200, 200, 200]
    assert [m.content for m in person.inbox[before:]] == [GREETING["kk"]]
