"""The broadcaster through the emulator over HTTP with the real Bot: every resident who did
not block the bot gets the message exactly once, in their language, within the rate limits,
across 429s, 403s, 5xx errors and a restart of the bot in the middle."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from bot.app import Kenes
from bot.database import create_engine, create_sessionmaker
from bot.i18n import format_number
from models import Resident
from playground.emulator import Emulator, Fault, Limits
from playground.runner import emulator_server, running_kenes
from services import broadcasts
from services.staff import Actor, Role
from tests.conftest import make_settings
from tests.e2e.broadcasting import (
    KIND,
    NoticeKind,
    delivery_states,
    expected_notice,
    language_of,
    seed_residents,
    sends_to,
    wait_until,
)

MODERATOR = 777
PROGRESS = {
    "kk": "✅ №{number} тарату аяқталды\nЖіберілді: {total} ішінен {sent}\n"
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


async def test_5000_residents_across_429_403_5xx_and_a_restart(sqlite_url: str) -> None:
    # Scaled to keep the test short: the emulator allows 500 messages a second for the bot
    # (Telegram: 30) and the broadcaster is set to the same 500, so it must keep to the limit
    # exactly as it would to Telegram's. Chats keep Telegram's one message a second.
    emulator = Emulator(limits=Limits(per_bot=500, per_chat=1.0))
    settings = make_settings(
        database_url=sqlite_url,
        broadcast_rate=500,
        broadcast_concurrency=16,
        broadcast_retry_delay=0.2,
        broadcast_progress_interval=0.5,
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
                await wait_until(
                    lambda: sum(1 for _ in sends_to(emulator, ids)) >= 2000, "2000 messages"
                )
            # Kenes has stopped (gracefully) in the middle of the broadcast.
            before_restart = await delivery_states_of(sqlite_url)
            assert 1500 < sum(before_restart.values()) - before_restart["pending"] < 4500
            async with running_kenes(settings, emulator, server.url) as kenes:
                await kenes.broadcaster.wait(number)  # resumed at start-up
                states = await delivery_states(kenes.sessionmaker)
                progress_messages = [m.content for m in emulator.bot_messages(MODERATOR)]
                async with kenes.sessionmaker() as session, session.begin():
                    marked = set(
                        (
                            await session.execute(
                                select(Resident.telegram_id).where(
                                    Resident.bot_blocked_at.is_not(None)
                                )
                            )
                        ).scalars()
                    )
                check_inboxes(kenes, emulator, ids, blockers | vanished)

    blocked = blockers | vanished
    assert states == Counter({"sent": 5000 - len(blocked), "blocked": len(blocked)})
    assert marked == blocked
    # One request per resident plus one per injected 429/5xx: nobody was sent twice.
    assert Counter(sends_to(emulator, ids)) == Counter(ids) + Counter(
        f.chat_id for f in faults if f.status in (429, 500, 502)
    )
    assert emulator.limiter.refused == 0  # never over 500 a second, nor 1 a second per chat
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
