"""A notice to 500 supporters survives ``kill -9``: a moderator accepts a need, the process
is killed while the notice is being sent, a new process resumes it, and every supporter
gets the notice once. The numbers (sent, duplicates, missed) are printed for the note.

The one window the outbox cannot close is the message Telegram accepted just before the
kill, whose record never committed: it is sent again (at least once, never lost), at most
``KENES_BROADCAST_CONCURRENCY`` of them."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.pool import NullPool

from bot.database import create_engine, create_sessionmaker
from models import Need, NeedSupporter, Resident, utcnow
from playground.people import Person
from tests.e2e.production.conftest import SECRET
from tests.e2e.production.conversations import CONVERSATIONS, play
from tests.e2e.production.processes import BotProcess, Processes

pytestmark = pytest.mark.slow
ADMIN, AUTHOR = 5101, 6101
SUPPORTERS = range(880_001, 880_501)  # 500
CONCURRENCY = 8
ACCEPT = {"kk": "✅ Қабылдау", "ru": "✅ Принять"}
HEADER = {"kk": "{number} өтініші", "ru": "Обращение {number}"}


@pytest.fixture(
    params=[
        "polling-sqlite",
        pytest.param("webhook-postgres", marks=pytest.mark.postgres),
    ]
)
def first(
    request: pytest.FixtureRequest, tmp_path: Path, bot_process: Callable[..., BotProcess]
) -> BotProcess:
    settings = {
        "admin_ids": str(ADMIN),
        "broadcast_rate": "40",  # 500 notices take ~12 s: time to kill the process midway
        "broadcast_concurrency": str(CONCURRENCY),
        "broadcast_lease": "3",  # a dead runner's notice is taken over within seconds
    }
    if request.param == "polling-sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'kenes.db'}"
        return bot_process("first", url, webhook=False, **settings)
    url = request.getfixturevalue("postgres_url")
    bot = bot_process("first", url, webhook=True, webhook_secret=SECRET, **settings)
    bot.env["KENES_WEBHOOK_URL"] = bot.url + "/telegram/webhook"
    return bot


async def add_supporters(database_url: str, number: str) -> None:
    engine = create_engine(database_url, poolclass=NullPool)
    now = utcnow()
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            need_id = await session.scalar(select(Need.id).where(Need.number == number))
            await session.execute(
                insert(Resident),
                [{"telegram_id": i, "language": "kk" if i % 2 else "ru", "consent_at": now}
                 for i in SUPPORTERS],
            )  # fmt: skip
            ids = await session.scalars(
                select(Resident.id).where(Resident.telegram_id.in_(list(SUPPORTERS)))
            )
            await session.execute(
                insert(NeedSupporter), [{"need_id": need_id, "resident_id": i} for i in ids]
            )
    finally:
        await engine.dispose()


def received(stage: Processes, telegram_id: int) -> list[str]:
    return [m.content for m in stage.emulator.bot_messages(telegram_id)]


async def wait(predicate: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def the_number(database_url: str) -> str:
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return str(await session.scalar(select(Need.number)))
    finally:
        await engine.dispose()


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_kill_9_during_a_500_supporter_notice_then_each_supporter_gets_it_once(
    stage: Processes, first: BotProcess, language: str
) -> None:
    database_url = first.env["KENES_DATABASE_URL"]
    await stage.start(first)
    admin = Person(stage, ADMIN, language_code=language)
    await play(CONVERSATIONS["first conversation"](language), admin)
    author = Person(stage, AUTHOR, language_code=language)
    await play(CONVERSATIONS["need flow"](language), author)
    number = await the_number(database_url)
    await add_supporters(database_url, number)
    for telegram_id in SUPPORTERS:
        user = stage.emulator.user(telegram_id)
        user.started = True
        stage.emulator.private_chat(user)
    await stage.wait_for(lambda: any(ACCEPT[language] in m.buttons for m in admin.inbox),
                         what="the card")  # fmt: skip

    await admin.press(ACCEPT[language])
    await wait(lambda: sum(bool(received(stage, i)) for i in SUPPORTERS) >= 150, "150 notices")
    stage.received_by_gone += await first.updates_received()
    first.kill()  # kill -9 in the middle of the notice
    stage.bots.remove(first)
    before = sum(bool(received(stage, i)) for i in SUPPORTERS)
    await stage.start(replace(first, name="second", process=None))  # resumes it
    await wait(lambda: all(received(stage, i) for i in SUPPORTERS), "every supporter")
    await asyncio.sleep(2 * 3)  # a lease more: anything sent twice would show by now

    counts = Counter({i: len(received(stage, i)) for i in SUPPORTERS})
    sent = sum(1 for i in SUPPORTERS if counts[i])
    duplicates = sum(counts[i] - 1 for i in SUPPORTERS if counts[i] > 1)
    missed = sum(1 for i in SUPPORTERS if not counts[i])
    print(f"\nkill -9 at {before}/500: sent {sent}, duplicates {duplicates}, missed {missed}")
    assert 0 < before < len(SUPPORTERS)  # the kill came in the middle
    assert missed == 0
    assert duplicates <= CONCURRENCY  # only what Telegram took just before the kill
    assert all(
        text.startswith(HEADER["kk" if i % 2 else "ru"].format(number=number))
        for i in SUPPORTERS
        for text in received(stage, i)
    )  # each in their own language
    assert len(received(stage, AUTHOR)) > 0
