"""Issue 14, part 7: the audit log keeps no resident's Telegram id. A forged press is logged
under the keyed pseudonym, its payload made to fit ``object_id`` (64 bytes of callback data
after "button:" are 71 characters), and past a few refusals an hour they are only counted."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from keyboards.moderation import Choice
from models import AuditEntry, RefusalCount
from services import pseudonym
from tests.e2e.conftest import World
from tests.e2e.privacy_kit import EVERY, PAIRS, erase
from tests.e2e.privacy_kit import database as database
from tests.e2e.privacy_kit import world as world
from tests.e2e.staff import TEXTS


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {}


def forged_payload(size: int = 64) -> str:
    """A moderator's choice button for need 1, padded to ``size`` bytes of callback data."""
    empty = Choice(need_id=1, action="rej", seen="new", option="").pack()
    data = Choice(need_id=1, action="rej", seen="new", option="x" * (size - len(empty))).pack()
    assert len(data.encode()) == size
    return data


async def refusals(world: World) -> list[AuditEntry]:
    async with world.kenes.sessionmaker() as session, session.begin():
        query = select(AuditEntry).where(AuditEntry.action == "access.refused")
        return list((await session.execute(query.order_by(AuditEntry.id))).scalars())


@pytest.mark.parametrize(("language", "database"), EVERY, indirect=["database"])
async def test_a_forged_64_byte_button_is_audited_under_a_pseudonym(
    world: World, language: str
) -> None:
    resident = await world.resident(22001, language)
    data = forged_payload()

    assert await resident.press_data(resident.last, data) == []

    assert resident.answers()[-1] == TEXTS[language]["staff_only"]
    [entry] = await refusals(world)
    assert (entry.actor_id, entry.actor_role) == (None, None)
    assert entry.actor_pseudonym == pseudonym.of(22001)
    assert entry.object_id is not None and len(entry.object_id) == 64
    assert entry.object_id.startswith("button:mq1c:1:rej:new:xxx")
    assert entry.object_id != ("button:" + data)[:64]  # a hash of the whole keeps it apart
    await resident.press_data(resident.last, forged_payload(63))  # the same first 64
    first, second = await refusals(world)
    assert second.object_id is not None and len(second.object_id) == 64
    assert first.object_id != second.object_id


@pytest.mark.parametrize(("language", "database"), PAIRS, indirect=["database"])
async def test_refusals_past_five_an_hour_are_counted_not_logged(
    world: World, language: str
) -> None:
    resident = await world.resident(22002, language)

    for _ in range(8):
        await resident.press_data(resident.last, forged_payload(40))

    assert resident.answers()[-8:] == [TEXTS[language]["staff_only"]] * 8
    logged = await refusals(world)
    assert [e.actor_pseudonym for e in logged] == [pseudonym.of(22002)] * 5
    async with world.kenes.sessionmaker() as session, session.begin():
        [count] = (await session.execute(select(RefusalCount))).scalars()
    assert (count.actor, count.refused) == (pseudonym.of(22002), 8)


@pytest.mark.parametrize(("language", "database"), PAIRS, indirect=["database"])
async def test_erasure_deletes_refusals_logged_under_the_raw_id_before_pseudonyms(
    world: World, language: str
) -> None:
    resident = await world.resident(22003, language)
    async with world.kenes.sessionmaker() as session, session.begin():  # as before privacy_0001
        session.add(
            AuditEntry(actor_id=22003, action="access.refused", object_id="/staff", after={})
        )
        session.add(AuditEntry(actor_id=900, actor_role="admin", action="moderator.add"))

    await erase(resident, language)

    async with world.kenes.sessionmaker() as session, session.begin():
        left = (await session.execute(select(AuditEntry.actor_id))).scalars().all()
    assert left == [900]
