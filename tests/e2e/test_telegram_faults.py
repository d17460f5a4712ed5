"""Telegram misbehaving, injected through the emulator: flood control (429 with
retry_after), server errors (500, 502), slow answers, residents who block Kenes, and the
connection to the Bot API lost while polling. Kenes neither crashes nor loses an update."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Resident
from playground.emulator import Fault
from tests.e2e.conftest import World

GREETING = {
    "kk": "Сәлеметсіз бе! Төмендегі мәзірден қажетті бөлімді таңдаңыз.",
    "ru": "Здравствуйте! Выберите нужный раздел в меню ниже.",
}


def sends_to(world: World, chat_id: int) -> int:
    """How many times Kenes called sendMessage for this chat (failed attempts included)."""
    return sum(
        1
        for name, params in world.emulator.requests
        if name == "sendMessage" and str(params.get("chat_id")) == str(chat_id)
    )


async def stored(world: World, telegram_id: int) -> Resident:
    async with world.kenes.sessionmaker() as session, session.begin():
        resident = await session.scalar(
            select(Resident).where(Resident.telegram_id == telegram_id)
        )
    assert resident is not None
    return resident


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_flood_control_waits_retry_after_then_answers(world: World, language: str) -> None:
    person = await world.resident(4001, language)
    world.emulator.faults.add(Fault("sendMessage", status=429, retry_after=1, chat_id=4001))
    attempts = sends_to(world, 4001)

    replies = await person.send("/start")

    assert [reply.content for reply in replies] == [GREETING[language]]
    assert sends_to(world, 4001) == attempts + 2
    assert world.kenes.metrics.telegram_retries.labels("flood")._value.get() == 1


@pytest.mark.parametrize(("status", "language"), [(500, "kk"), (502, "ru")])
async def test_server_errors_are_retried_with_backoff(
    world: World, status: int, language: str
) -> None:
    person = await world.resident(4002, language)
    world.emulator.faults.add(Fault("sendMessage", status=status, count=2, chat_id=4002))
    attempts = sends_to(world, 4002)

    replies = await person.send("/start")

    assert [reply.content for reply in replies] == [GREETING[language]]
    assert sends_to(world, 4002) == attempts + 3
    assert world.kenes.metrics.telegram_retries.labels("server")._value.get() == 2


async def test_a_slow_answer_to_one_resident_does_not_hold_up_another(world: World) -> None:
    slow = await world.resident(4003, "kk")
    quick = await world.resident(4004, "ru")
    world.emulator.faults.add(Fault("sendMessage", delay=2.0, chat_id=4003))
    before = len(slow.inbox)

    quick_before = len(quick.inbox)

    world.emulator.send_text(slow.id, "/start")
    await world.wait_for(lambda: world.emulator.active_requests > 0, what="the slow answer")
    world.emulator.send_text(quick.id, "/start")
    await world.wait_for(lambda: len(quick.inbox) > quick_before, what="the quick answer")
    pending = len(slow.inbox) - before
    await world.settle()

    assert [m.content for m in quick.inbox[quick_before:]] == [GREETING["ru"]]
    assert pending == 0
    assert [m.content for m in slow.inbox[before:]] == [GREETING["kk"]]


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_blocking_kenes_marks_the_resident_and_writing_again_clears_it(
    world: World, language: str
) -> None:
    person = await world.resident(4005, language)

    world.emulator.block(person.id)
    await world.settle()
    blocked = await stored(world, person.id)
    replies = await person.send("/start")  # writing to a bot you blocked unblocks it
    back = await stored(world, person.id)

    assert blocked.bot_blocked_at is not None
    assert back.bot_blocked_at is None
    assert [reply.content for reply in replies] == [GREETING[language]]


async def test_a_403_blocked_answer_marks_the_resident_and_the_bot_goes_on(
    world: World,
) -> None:
    person = await world.resident(4006, "kk")
    other = await world.resident(4007, "ru")
    world.emulator.faults.add(Fault("sendMessage", status=403, chat_id=person.id))

    unanswered = await person.send("/start")
    answered = await other.send("/start")

    assert unanswered == []
    assert (await stored(world, person.id)).bot_blocked_at is not None
    assert [reply.content for reply in answered] == [GREETING["ru"]]


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_polling_reconnects_after_the_bot_api_was_unreachable(
    world: World, language: str
) -> None:
    person = await world.resident(4008, language)
    assert world.server is not None

    await world.server.stop()
    world.emulator.send_text(person.id, "/start")  # arrives while Kenes cannot reach the API
    await world.server.start()  # the same port
    await world.settle()

    assert person.last.content == GREETING[language]
    assert world.kenes.metrics.updates.labels("message")._value.get() == 2  # each /start once
