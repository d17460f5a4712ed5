"""Residents and the database FSM storage, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import DatabaseStorage
from services import residents


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
        assert await residents.erase(session, 9_000_000_001) is True
        assert await residents.erase(session, 9_000_000_001) is False


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
