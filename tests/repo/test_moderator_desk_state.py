"""The desk's own state against real databases (SQLite, and PostgreSQL when configured): the
question awaited from a moderator (one per person and chat, the newer replacing the older,
taken once when expired) and who is in the moderators' group (recorded, listed with their
role in Kenes; those who left are not listed)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.base import utcnow
from services import group_members, prompts, staff
from services.prompts import Asked
from services.staff import Actor, Role

GROUP, ONE, TWO, ADMIN = -100900, 5001, 5002, 900


def asked(message_id: int, *, user_id: int = ONE, seconds: float = -1) -> Asked:
    return Asked(
        GROUP, user_id, message_id, "N-2026-000001", "Айгерім", "kk",
        utcnow() + timedelta(seconds=seconds),
    )  # fmt: skip


async def test_one_question_per_person_and_chat_taken_once_when_expired(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        await prompts.remember(session, asked(10))
        await prompts.remember(session, asked(11))  # the next question replaces the first
        await prompts.remember(session, asked(12, user_id=TWO, seconds=600))  # not yet due
        due = await prompts.due(session, utcnow())
    assert [(a.user_id, a.message_id) for a in due] == [(ONE, 11)]

    async def take() -> bool:
        async with sessionmaker() as session:
            return await prompts.take(session, due[0])

    assert sorted(await asyncio.gather(take(), take())) == [False, True]  # two sweeps, once
    async with sessionmaker() as session:
        assert await prompts.due(session, utcnow()) == []
        assert not await prompts.take(session, asked(10))  # replaced: nothing to take


async def test_who_is_in_the_group_with_their_role(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        await staff.add_moderator(session, Actor(ADMIN, Role.ADMIN), ONE, name="Айгерім")
        for user_id, status, name in [
            (ADMIN, "creator", "Әкім"),
            (ONE, "member", "Айгерім"),
            (7777, "member", "Бөгде"),
            (TWO, "left", "Ерлан"),
        ]:
            await group_members.record(session, GROUP, user_id, status, name, [ADMIN])
        await group_members.record(session, GROUP, 7777, "administrator", "", [ADMIN])
        listed = await group_members.present(session, GROUP, [ADMIN])

    assert [(p.user_id, p.name, p.status, p.role) for p in listed] == [
        (ONE, "Айгерім", "member", Role.MODERATOR),
        (7777, "Бөгде", "administrator", None),  # the name is kept when none is given
        (ADMIN, "Әкім", "creator", Role.ADMIN),
    ]
