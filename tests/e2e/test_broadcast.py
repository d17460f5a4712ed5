"""The broadcaster through the emulator over HTTP with the real Bot: every resident who did
not block the bot gets the message exactly once, in their language, within the rate limits,
across 429s, 403s, 5xx errors and a restart of the bot in the middle."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from bot.app import Kenes
from bot.broadcast import create_broadcaster
from bot.database import create_engine, create_sessionmaker
from bot.i18n import format_number
from playground.emulator import Emulator, Fault, Limits
from playground.runner import emulator_server, running_kenes
from services import broadcasts
from services.staff import Actor, Role
from tests.conftest import make_settings
from tests.e2e.broadcasting import (
    KIND,
    NoticeKind,
    blocked_ids,
    delivery_states,
    expected_notice,
    language_of,
    seed_residents,
    sends_counter,
    sends_to,
    wait_until,
)
from tests.e2e.conftest import World

MODERATOR = 777
PROGRESS = {
    "kk": "✅ №{number} тарату аяқталды\nЖіберілді: {sent}/{total}\n"
    "Жеткізілмеді: {failed}\nБотты бұғаттағандар: {blocked}",
    "ru": "✅ Рассылка №{number} завершена\nОтправлено: {sent} из {total}\n"
    "Не доставлено: {failed}\nЗаблокировали бота: {blocked}",
}


def open_moderator_chat(emulator: Emulator) -> None:
    user = emulator.user(MODERATOR, language_code="ru")
    user.started = True
    emulator.private_chat(user)


async def start_broadcast(kenes: Kenes, language: str) -> int:
    async with kenes.sessionmaker() as session:
        broadcast = await broadcasts.create(
            session,
            kind=KIND,
            subject_id=42,
            audience=broadcasts.announceable(),
            actor=Actor(MODERATOR, Role.MODERATOR),
            progress_chat_id=MODERATOR,
            progress_language=language,
        )
    kenes.broadcaster.start(broadcast.id)
    return broadcast.id


def final_progress(number: int, language: str, **counts: int) -> str:
    return PROGRESS[language].format(
        number=number, **{name: format_number(value, language) for name, value in counts.items()}
    )


def check_inboxes(kenes: Kenes, emulator: Emulator, ids: range, blocked: set[int]) -> None:
    """Exactly one notice, in the resident's language, for each who did not block the bot."""
    wrong = {}
    for telegram_id in ids:
        texts = [m.content for m in emulator.bot_messages(telegram_id)]
        expected = (
            []
            if telegram_id in blocked
            else [expected_notice(kenes.i18n, language_of(telegram_id), 42)]
        )
        if texts != expected:
            wrong[telegram_id] = texts
    assert wrong == {}


@pytest.mark.slow
async def test_5000_residents_across_429_403_5xx_and_a_restart(sqlite_url: str) -> None:
    # Scaled to keep the test short: the emulator allows 500 messages a second for the bot
    # (Telegram: 30, or up to 1000 with paid broadcasts) and the broadcaster is set to the
    # same 500 with paid broadcasts on, so it must keep to the limit exactly as it would to
    # Telegram's. Chats keep Telegram's one message a second.
    emulator = Emulator(limits=Limits(per_bot=500, per_chat=1.0))
    settings = make_settings(
        database_url=sqlite_url,
        broadcast_rate=500,
        broadcast_concurrency=16,
        broadcast_retry_delay=0.2,
        broadcast_progress_interval=0.5,
        broadcast_paid=True,
    )
    ids = range(200_001, 205_001)
    blockers = set(ids[::100])  # 50 residents blocked the bot
    vanished = {ids[7], ids[3001]}  # 403 for another reason: the account is deleted
    faults = [
        Fault("sendMessage", 429, retry_after=1, chat_id=ids[500]),
        Fault("sendMessage", 502, chat_id=ids[900]),
        Fault("sendMessage", 500, chat_id=ids[901]),
        Fault("sendMessage", 429, retry_after=1, chat_id=ids[4500]),  # after the restart
        *(
            Fault("sendMessage", 403, chat_id=i, description="Forbidden: user is deactivated")
            for i in vanished
        ),
    ]
    with NoticeKind():
        async with emulator_server(emulator) as server:
            async with running_kenes(settings, emulator, server.url) as kenes:
                await seed_residents(kenes.sessionmaker, emulator, ids)
                open_moderator_chat(emulator)
                for telegram_id in blockers:
                    emulator.users[telegram_id].blocked = True
                for fault in faults:
                    emulator.faults.add(fault)
                number = await start_broadcast(kenes, "kk")
                sends = sends_counter(emulator, ids)
                # The bound is for a stuck broadcast, not a speed check.
                await wait_until(lambda: sends() >= 2000, "2000 messages", timeout=240)
            # Kenes has stopped (gracefully) in the middle of the broadcast.
            before_restart = await delivery_states_of(sqlite_url)
            assert 1500 < sum(before_restart.values()) - before_restart["pending"] < 4500
            async with running_kenes(settings, emulator, server.url) as kenes:
                await kenes.broadcaster.wait(number)  # resumed at start-up
                states = await delivery_states(kenes.sessionmaker)
                progress_messages = [m.content for m in emulator.bot_messages(MODERATOR)]
                marked = await blocked_ids(kenes.sessionmaker)
                check_inboxes(kenes, emulator, ids, blockers | vanished)

    blocked = blockers | vanished
    assert states == Counter({"sent": 5000 - len(blocked), "blocked": len(blocked)})
    assert marked == blocked
    # One request per resident plus one per injected 429/5xx: nobody was sent twice.
    assert Counter(sends_to(emulator, ids)) == Counter(ids) + Counter(
        f.chat_id for f in faults if f.status in (429, 500, 502)
    )
    assert emulator.limiter.refused == 0  # never over 500 a second, nor 1 a second per chat
    assert all(
        params.get("allow_paid_broadcast") == "true"  # form data, as aiogram sends it
        for name, params in emulator.requests
        if name == "sendMessage" and int(params["chat_id"]) in ids
    )
    assert progress_messages == [
        final_progress(
            number, "kk", total=5000, sent=5000 - len(blocked), failed=0, blocked=len(blocked)
        )
    ]


async def delivery_states_of(url: str) -> Counter[str]:
    engine = create_engine(url)
    try:
        return await delivery_states(create_sessionmaker(engine))
    finally:
        await engine.dispose()


@pytest.fixture
def emulator() -> Emulator:
    """Telegram's own limits for the ``world`` tests below: 30 a second, 1 a second a chat."""
    return Emulator(limits=Limits(per_bot=30, per_chat=1.0))


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_at_telegrams_rate_with_progress_in_the_moderators_language(
    world: World, language: str
) -> None:
    ids = range(300_001, 300_076)  # 75 residents: 2.5 s at 30 a second
    await seed_residents(world.kenes.sessionmaker, world.emulator, ids)
    open_moderator_chat(world.emulator)
    with NoticeKind():
        number = await start_broadcast(world.kenes, language)
        await world.kenes.broadcaster.wait(number)

    check_inboxes(world.kenes, world.emulator, ids, set())
    assert world.emulator.limiter.refused == 0
    assert not any("allow_paid_broadcast" in params for _, params in world.emulator.requests)
    [progress] = world.emulator.bot_messages(MODERATOR)
    assert progress.content == final_progress(
        number, language, total=75, sent=75, failed=0, blocked=0
    )
    first_title = {"kk": "📣 №1 тарату жүріп жатыр\n", "ru": "📣 Идёт рассылка №1\n"}[language]
    assert progress.edits[0]["text"].startswith(first_title)  # shown while it was running


async def test_a_cancelled_broadcast_stops_and_says_so(world: World) -> None:
    ids = range(310_001, 310_301)  # 10 s at 30 a second: cancelled long before the end
    await seed_residents(world.kenes.sessionmaker, world.emulator, ids)
    open_moderator_chat(world.emulator)
    with NoticeKind():
        number = await start_broadcast(world.kenes, "ru")
        await wait_until(lambda: sum(1 for _ in sends_to(world.emulator, ids)) >= 30, "30 sent")
        async with world.kenes.sessionmaker() as session:
            assert await broadcasts.cancel(session, number, Actor(MODERATOR, Role.MODERATOR))
        await world.kenes.broadcaster.wait(number)

    states = await delivery_states(world.kenes.sessionmaker)
    sent = len(list(sends_to(world.emulator, ids)))
    assert states["sent"] == sent and states["pending"] == 300 - sent
    assert sent < 200  # stopped within moments, not at the end (10 s at 30 a second)
    [progress] = world.emulator.bot_messages(MODERATOR)
    assert progress.content == (
        f"⏹ Рассылка №{number} остановлена\nОтправлено: {sent} из 300\n"
        "Не доставлено: 0\nЗаблокировали бота: 0"
    )


async def test_two_broadcasters_on_one_database_send_each_message_once(world: World) -> None:
    """A second instance (here a second broadcaster on the same database) that resumes the
    same broadcast at the same moment finds it leased and leaves it alone."""
    ids = range(320_001, 320_061)
    await seed_residents(world.kenes.sessionmaker, world.emulator, ids)
    kenes = world.kenes
    other = create_broadcaster(kenes.settings, kenes.bot, kenes.sessionmaker, kenes.i18n)
    with NoticeKind():
        number = await start_broadcast(kenes, "kk")
        await other.resume()  # at the same moment: only one of the two gets the lease
        other.start(number)
        await asyncio.gather(kenes.broadcaster.wait(number), other.wait(number))

    check_inboxes(kenes, world.emulator, ids, set())
    assert Counter(sends_to(world.emulator, ids)) == Counter(ids)
