"""Abuse: at most KENES_MAX_NEEDS_PER_DAY needs per resident per day, counted again when
Send is pressed; yesterday's needs do not count."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from models import Need
from models.base import utcnow
from tests.e2e.conftest import World
from tests.e2e.needs_kit import LANGUAGES, T, count, needs_of, reach, submit_direct

LIMIT = {
    "kk": "Бүгін 2 өтініш жібердіңіз: бір тұрғын бір күнде бұдан артық жібере алмайды. Ертең "
    "қайта келіңіз.",
    "ru": "Сегодня Вы отправили 2 обращения: больше одному жителю за день нельзя. Пожалуйста, "
    "возвращайтесь завтра.",
}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"max_needs_per_day": 2}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_daily_limit_stops_a_new_need(world: World, language: str) -> None:
    person = await world.resident(12001, language)
    await submit_direct(world, person.id)
    await submit_direct(world, person.id)

    [reply] = await person.tap(T[language]["report"])

    assert reply.content == LIMIT[language]
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(update(Need).values(created_at=utcnow() - timedelta(days=1)))
    _intro, question = await person.tap(T[language]["report"])  # a new day
    assert question.content == T[language]["category"]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_limit_is_checked_again_at_send_and_the_draft_kept(
    world: World, language: str
) -> None:
    person = await world.resident(12002, language)
    await submit_direct(world, person.id)
    [card] = await reach(person, language, "confirm")
    await submit_direct(world, person.id)  # from another device, meanwhile

    replies = await person.press(T[language]["send"])

    assert replies == []
    assert person.answers()[-1] == LIMIT[language]
    assert await count(world, Need) == 2
    assert card.buttons[0] == T[language]["send"]  # the draft is still there
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(update(Need).values(created_at=utcnow() - timedelta(days=1)))
    await person.press(T[language]["send"], card)
    assert len(await needs_of(world, person.id)) == 3
