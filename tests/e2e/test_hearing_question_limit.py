"""A resident asks at most KENES_MAX_QUESTIONS_PER_HEARING (3) questions about a hearing;
the next "Ask a question" says so in their language and nothing more reaches the
moderators."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import HearingQuestion
from tests.e2e.conftest import World
from tests.e2e.hearings_kit import LANGUAGES, H, moment, seed_hearing
from tests.e2e.hearings_texts import STAFF

TOO_MANY = {
    "kk": "Бұл тыңдауға қойылған сұрақтарыңыз: 3. Бір тұрғын бұдан артық сұрақ қоя алмайды.",
    "ru": "Вы уже задали 3 вопроса к этому слушанию — это наибольшее число вопросов от одного "
    "жителя.",
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_fourth_question_about_one_hearing_is_refused_in_the_residents_language(
    world: World, language: str
) -> None:
    hearing = await seed_hearing(world, starts=moment(8))
    person = await world.resident(6101, language)
    await person.send(f"/start h_{hearing.id}")
    for text in ("Жұмыс қашан басталады?", "Кто подрядчик?", "Ағаштар кесіле ме?"):
        await person.press(H[language]["ask"])
        [thanks] = await person.send(text)
        assert thanks.content == STAFF[language]["thanks"]

    [refused] = await person.press(H[language]["ask"])

    assert refused.content == TOO_MANY[language]
    async with world.kenes.sessionmaker() as session, session.begin():
        asked = await session.scalar(select(func.count()).select_from(HearingQuestion))
    assert asked == 3
    await person.send("Тағы бір сұрақ")  # not taken as a question: no prompt is open
    async with world.kenes.sessionmaker() as session, session.begin():
        assert await session.scalar(select(func.count()).select_from(HearingQuestion)) == 3
