"""A poll published to 2,000 residents goes through the broadcaster: each resident gets it
exactly once, in their language, with its buttons, across injected 429s."""

from __future__ import annotations

from collections import Counter

import pytest

from playground.emulator import Emulator, Fault, Limits
from playground.emulator.limits import TokenBucket
from playground.runner import emulator_server, running_kenes
from tests.conftest import make_settings
from tests.e2e.broadcasting import language_of, seed_residents, sends_to
from tests.e2e.conftest import World
from tests.e2e.polls_kit import (
    ADMIN,
    STAFF_SETTINGS,
    Draft,
    create_poll,
    invitation,
    option_buttons,
    sent_out,
)


@pytest.mark.slow
async def test_a_poll_to_2000_residents_reaches_each_once_across_429s(sqlite_url: str) -> None:
    # Scaled like tests/e2e/test_broadcast.py to keep the test short: the emulator allows
    # 500 messages a second for the bot (Telegram: 30, up to 1000 paid) and the broadcaster
    # is set to the same 500 with paid broadcasts on, so it must keep to the emulator's
    # limit exactly as it would to Telegram's. Chats keep Telegram's one message a second.
    emulator = Emulator(limits=Limits(per_bot=500, per_chat=1.0))
    settings = make_settings(
        database_url=sqlite_url,
        broadcast_rate=500,
        broadcast_paid=True,
        broadcast_concurrency=16,
        broadcast_retry_delay=0.2,
        broadcast_progress_interval=0.5,
        **STAFF_SETTINGS,
    )
    ids = range(600_001, 602_001)
    faults = [
        Fault("sendMessage", 429, retry_after=1, chat_id=ids[10]),
        Fault("sendMessage", 429, retry_after=1, chat_id=ids[999]),
        Fault("sendMessage", 429, retry_after=2, chat_id=ids[1990]),
    ]
    draft = Draft()
    async with (
        emulator_server(emulator) as server,
        running_kenes(settings, emulator, server.url) as kenes,
    ):
        world = World(emulator, kenes.tracker, kenes, server)
        await seed_residents(kenes.sessionmaker, emulator, ids)
        # The moderator's conversation is not what is measured: their chat may burst.
        emulator.limiter.chat_buckets[ADMIN] = TokenBucket(rate=100, burst=100)
        moderator = await world.resident(ADMIN, "ru")
        for fault in faults:
            emulator.faults.add(fault)
        poll_id, closes = await create_poll(world, moderator, "ru", draft)
        await sent_out(world, poll_id)

        wrong = {}
        for telegram_id in ids:
            language = language_of(telegram_id)
            got = [(m.content, m.buttons) for m in emulator.bot_messages(telegram_id)]
            expected = [
                (invitation(world, draft, language, closes), option_buttons(draft, language))
            ]
            if got != expected:
                wrong[telegram_id] = got
        assert wrong == {}
    # One request per resident, plus one per injected 429: nobody was sent the poll twice.
    assert Counter(sends_to(emulator, ids)) == Counter(ids) + Counter(f.chat_id for f in faults)
    assert emulator.limiter.refused == 0  # never over 500 a second, nor 1 a second per chat
