"""Residents and the database FSM storage, on SQLite and on PostgreSQL."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import DatabaseStorage
from services import erasure, residents

TZ = ZoneInfo("Asia/Almaty")


class Form(StatesGroup):
    step = State()


async def test_language_consent_and_erasure(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        created = await residents.choose_language(session, 9_000_000_001, "kk")
        changed = await residents.choose_language(session, 9_000_000_001, "ru")
        consented = await residents.give_consent(session, 9_000_000_001)
        assert created.id == changed.id
        assert consented is not None and consented.language == "ru"
        assert consented.consent_at is not None and consented.consent_at.tzinfo is not None
        assert await erasure.erase(session, 9_000_000_001, tz=TZ) is not None
        assert await erasure.erase(session, 9_000_000_001, tz=TZ) is None


async def test_queries_outside_a_transaction_are_refused(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    from models.repositories import residents as repository

    async with sessionmaker() as session:
        with pytest.raises(Exception, match=r"[Aa]utobegin"):
            await repository.by_telegram_id(session, 1)


@pytest.mark.parametrize("cache", [False, True])
async def test_fsm_state_and_data_survive_a_new_storage(
    sessionmaker: async_sessionmaker[AsyncSession], cache: bool
) -> None:
    key = StorageKey(bot_id=1, chat_id=42, user_id=42)
    first = DatabaseStorage(sessionmaker, cache=cache)
    await first.set_state(key, Form.step)
    await first.set_data(key, {"draft": "Жарық жоқ", "photos": ["A", "B"]})

    second = DatabaseStorage(sessionmaker, cache=cache)  # as after a restart

    assert await second.get_state(key) == Form.step.state
    assert await second.get_data(key) == {"draft": "Жарық жоқ", "photos": ["A", "B"]}
    await second.update_data(key, {"district": "medeu"})
    await second.set_state(key, None)
    third = DatabaseStorage(sessionmaker, cache=cache)
    assert (await third.get_data(key))["district"] == "medeu"
    assert await third.get_state(key) is None
    await third.set_data(key, {})
    assert await DatabaseStorage(sessionmaker).get_data(key) == {}


@pytest.mark.parametrize("cache", [False, True])
async def test_fsm_writes_of_an_update_are_stored_when_it_ends_or_at_once(
    sessionmaker: async_sessionmaker[AsyncSession], cache: bool
) -> None:
    """One process (the cache): stored together when the update ends. Without it another
    instance may get the resident's next update, so each write is stored at once."""
    key = StorageKey(bot_id=1, chat_id=43, user_id=43)
    storage = DatabaseStorage(sessionmaker, cache=cache)

    async with storage.updates():
        await storage.set_state(key, Form.step)
        await storage.update_data(key, {"address": "Абай 10"})
        assert await storage.get_state(key) == Form.step.state  # the update reads its writes
        elsewhere = await DatabaseStorage(sessionmaker).get_state(key)
        assert elsewhere == (None if cache else Form.step.state)

    restarted = DatabaseStorage(sessionmaker)
    assert await restarted.get_state(key) == Form.step.state
    assert await restarted.get_data(key) == {"address": "Абай 10"}

    with pytest.raises(RuntimeError):  # a failing handler keeps what it wrote
        async with storage.updates():
            await storage.set_state(key, None)
            raise RuntimeError("the handler failed")
    assert await DatabaseStorage(sessionmaker).get_state(key) is None


@pytest.mark.parametrize("cache", [False, True])
async def test_fsm_data_changed_in_place_is_stored_only_when_set(
    sessionmaker: async_sessionmaker[AsyncSession], cache: bool
) -> None:
    key = StorageKey(bot_id=1, chat_id=44, user_id=44)
    storage = DatabaseStorage(sessionmaker, cache=cache)
    await storage.set_data(key, {"photos": ["A"]})

    draft = await storage.get_data(key)
    draft["photos"].append("B")
    assert await storage.get_data(key) == {"photos": ["A"]}

    await storage.set_data(key, draft)
    assert await DatabaseStorage(sessionmaker).get_data(key) == {"photos": ["A", "B"]}
