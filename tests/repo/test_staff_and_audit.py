"""Moderators and the audit log on SQLite and PostgreSQL: appointments are recorded with
who did them, a second add or remove changes nothing, and the log cannot be changed."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import AuditEntry
from services import audit, staff
from services.staff import Actor, AddOutcome, Role

ADMIN = Actor(900, Role.ADMIN)


async def test_roles_come_from_settings_and_the_staff_table(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        assert await staff.role_of(session, 900, [900]) is Role.ADMIN
        assert await staff.role_of(session, 5005, [900]) is None
        assert await staff.add_moderator(session, ADMIN, 5005, admin_ids=[900]) is AddOutcome.ADDED
        assert await staff.role_of(session, 5005, [900]) is Role.MODERATOR
        assert await staff.remove_moderator(session, ADMIN, 5005) is True
        assert await staff.role_of(session, 5005, [900]) is None
    assert Role.ADMIN.includes(Role.MODERATOR)
    assert not Role.MODERATOR.includes(Role.ADMIN)


async def test_adding_twice_removing_twice_and_coming_back(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        assert await staff.add_moderator(session, ADMIN, 900, admin_ids=[900]) is AddOutcome.ADMIN
        added = await staff.add_moderator(session, ADMIN, 5005, name="Асан", admin_ids=[900])
        assert added is AddOutcome.ADDED
        assert await staff.add_moderator(session, ADMIN, 5005) is AddOutcome.ALREADY
        assert await staff.remove_moderator(session, ADMIN, 5005) is True
        assert await staff.remove_moderator(session, ADMIN, 5005) is False
        assert await staff.add_moderator(session, Actor(901, Role.ADMIN), 5005) is AddOutcome.ADDED
        [member] = await staff.moderators(session)
        assert (member.telegram_id, member.name, member.added_by, member.removed_at) == (
            5005,
            "Асан",  # kept from the first appointment
            901,
            None,
        )
        history = await audit.history(session, "staff", 5005)
    assert [(e.actor_id, e.action, e.before) for e in history] == [
        (900, "moderator.add", None),
        (900, "moderator.remove", {"active": True}),
        (901, "moderator.add", {"active": False}),
    ]


async def test_an_audit_record_needs_the_callers_transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        with pytest.raises(RuntimeError):
            await audit.record(session, actor_id=1, actor_role=None, action="x")


@pytest.mark.parametrize(
    "change",
    [
        update(AuditEntry).values(action="nothing happened"),
        delete(AuditEntry),
    ],
    ids=["update", "delete"],
)
async def test_the_database_refuses_to_change_the_audit_log(
    sessionmaker: async_sessionmaker[AsyncSession], change: object
) -> None:
    async with sessionmaker() as session:
        await staff.add_moderator(session, ADMIN, 5005)
        with pytest.raises(DBAPIError, match="append-only"):
            async with session.begin():
                await session.execute(change)  # type: ignore[call-overload]
        async with session.begin():
            actions = (await session.execute(select(AuditEntry.action))).scalars().all()
    assert actions == ["moderator.add"]


async def test_refusals_alone_may_be_deleted_for_their_retention(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        await staff.add_moderator(session, ADMIN, 5005)
        await staff.record_refusal(
            session, 1001, None, required=Role.ADMIN, attempted="/moderators"
        )
        with pytest.raises(DBAPIError, match="append-only"):
            async with session.begin():
                await session.execute(
                    update(AuditEntry)
                    .where(AuditEntry.action == "access.refused")
                    .values(object_id="changed")
                )
        async with session.begin():
            await session.execute(delete(AuditEntry).where(AuditEntry.action == "access.refused"))
        async with session.begin():
            actions = (await session.execute(select(AuditEntry.action))).scalars().all()
    assert actions == ["moderator.add"]
