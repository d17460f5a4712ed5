"""/stats: the last 30 days city-wide and for the resident's district, with the plural forms
each language needs ("21 обращение", "24 обращения", "5 обращений"). Every figure here
stands for three residents or more (smaller ones are hidden: tests/e2e/public)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from models import Need, NeedStatus
from models.base import utcnow
from services import ratings
from tests.e2e.conftest import World
from tests.e2e.needs_kit import LANGUAGES, change, resident_row, submit_direct

EXPECTED = {
    "kk": """📊 Соңғы 30 күн

Алматы
Барлығы: 24 өтініш
Санаттар бойынша:
• Жылу, су, электр, газ: 15 өтініш
• Жолдар мен тротуарлар: 9 өтініш
Мәртебелер бойынша:
• 🆕 Жаңа: 21 өтініш
• 📥 Қабылданды: 3 өтініш
Қызметтердің бағасы:
• Қоғамдық көлік: 3,7 (3 баға)

Алмалы ауданы
Барлығы: 21 өтініш
Санаттар бойынша:
• Жылу, су, электр, газ: 15 өтініш
• Жолдар мен тротуарлар: 6 өтініш
Мәртебелер бойынша:
• 🆕 Жаңа: 18 өтініш
• 📥 Қабылданды: 3 өтініш
Қызметтердің бағасы:
• Қоғамдық көлік: 3,7 (3 баға)

Ауданның көрсеткіштерін көру үшін оны таңдаңыз:""",
    "ru": """📊 Последние 30 дней

Алматы
Всего: 24 обращения
По категориям:
• Тепло, вода, свет, газ: 15 обращений
• Дороги и тротуары: 9 обращений
По статусам:
• 🆕 Новое: 21 обращение
• 📥 Принято: 3 обращения
Оценки услуг:
• Общественный транспорт: 3,7 (3 оценки)

Алмалинский район
Всего: 21 обращение
По категориям:
• Тепло, вода, свет, газ: 15 обращений
• Дороги и тротуары: 6 обращений
По статусам:
• 🆕 Новое: 18 обращений
• 📥 Принято: 3 обращения
Оценки услуг:
• Общественный транспорт: 3,7 (3 оценки)

Выберите район, чтобы увидеть его показатели:""",
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_city_and_district_figures_for_the_last_30_days(world: World, language: str) -> None:
    person = await world.resident(11001, language)
    neighbours = [await world.resident(11002 + n, "kk") for n in range(2)]
    people = [person, *neighbours]  # every figure stands for three residents
    cells = [("utilities", "almaly", 15), ("roads", "medeu", 3), ("roads", "almaly", 6)]
    created = [
        await submit_direct(world, people[n % 3].id, category=category, district=district)
        for category, district, times in cells
        for n in range(times)
    ]
    for need in created[-3:]:  # roads needs in Almaly of the three
        await change(world, need.id, NeedStatus.ACCEPTED)
    old = await submit_direct(world, neighbours[0].id, category="snow", district="almaly")
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(
            update(Need).where(Need.id == old.id).values(created_at=utcnow() - timedelta(days=40))
        )
    for resident, score in zip(people, [5, 2, 4], strict=True):
        row = await resident_row(world, resident.id)
        async with world.kenes.sessionmaker() as session:
            await ratings.rate(session, row.id, "public_transport", "almaly", score)

    [reply] = await person.send("/stats")

    assert reply.content == EXPECTED[language]
    assert len(reply.buttons) == 8


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_resident_without_needs_chooses_the_district(world: World, language: str) -> None:
    person = await world.resident(11003, language)
    for n in range(3):
        neighbour = await world.resident(11004 + n, "ru")
        await submit_direct(world, neighbour.id, category="roads", district="medeu")

    [city] = await person.tap(
        {"kk": "📊 Қала статистикасы", "ru": "📊 Статистика города"}[language]
    )
    [district] = await person.press({"kk": "Медеу ауданы", "ru": "Медеуский район"}[language])

    one = {"kk": "3 өтініш", "ru": "3 обращения"}[language]
    assert city.content.count(one) == 3  # total, roads, new: city-wide only
    assert {"kk": "\nМедеу ауданы\n", "ru": "\nМедеуский район\n"}[language] in district.content
    assert district.content.count(one) == 6  # and again for Medeu
    assert {"kk": "Әзірге бағалар жоқ.", "ru": "Оценок пока нет."}[language] in city.content
