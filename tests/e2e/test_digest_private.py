"""Without a moderators' group the digest goes to each administrator and moderator
privately, each in the language they chose."""

from __future__ import annotations

from typing import Any

import pytest

from models import StaffMember
from tests.e2e.conftest import World
from tests.e2e.test_digest import DAY, check_documents, seed


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"admin_ids": [900]}


async def test_the_digest_privately_in_each_staff_members_language(world: World) -> None:
    await world.resident(900, "ru")  # the administrator chose Russian
    await world.resident(901, "kk")  # the moderator chose Kazakh
    async with world.kenes.sessionmaker() as session, session.begin():
        session.add(StaffMember(telegram_id=901, added_by=900))
    await seed(world)

    reached = await world.kenes.dispatcher["exports"].digests.send(DAY)

    assert reached == 2
    check_documents(world, 900, "ru")
    check_documents(world, 901, "kk")
