"""Flood control per person: past the burst, one polite answer, then silence until the
bucket refills (it refills so slowly here that the test does not depend on timing)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import World
from tests.e2e.needs_kit import LANGUAGES

SLOW_DOWN = {
    "kk": "Хабарламаларды тым жиі жіберіп жатырсыз. Бірнеше секунд күте тұрыңыз.",
    "ru": "Вы отправляете сообщения слишком часто. Пожалуйста, подождите несколько секунд.",
}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"flood_burst": 6, "flood_rate": 0.0001}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_flood_gets_one_polite_answer(world: World, language: str) -> None:
    person = await world.resident(13001, language)  # three events of the six
    before = len(person.inbox)

    for _ in range(6):
        world.emulator.send_text(person.id, "/help")
    await world.settle()

    replies = [m.content for m in person.inbox[before:]]
    assert len(replies) == 4
    assert replies.count(SLOW_DOWN[language]) == 1
    assert replies[-1] == SLOW_DOWN[language]
    other = await world.resident(13002, language)  # somebody else is not slowed down
    assert other.last.content != SLOW_DOWN[language]
