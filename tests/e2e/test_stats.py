"""/stats: the last 30 days city-wide and for the resident's district, with the plural forms
each language needs ("1 өтініш", "21 обращение", "24 обращения", "5 обращений")."""

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
• Жолдар мен тротуарлар: 8 өтініш
• Басқа: 1 өтініш
Мәртебелер бойынша:
• 🆕 Жаңа: 23 өтініш
• 📥 Қабылданды: 1 өтініш
Қызметтердің бағасы:
• Қоғамдық көлік: 3,5 (2 баға)

Алмалы ауданы
Барлығы: 21 өтініш
Санаттар бойынша:
• Жылу, су, электр, газ: 15 өтініш
• Жолдар мен тротуарлар: 5 өтініш
• Басқа: 1 өтініш
Мәртебелер бойынша:
• 🆕 Жаңа: 20 өтініш
• 📥 Қабылданды: 1 өтініш
Қызметтердің бағасы:
• Қоғамдық көлік: 3,5 (2 баға)

Ауданның көрсеткіштерін көру үшін оны таңдаңыз:""",
    "ru": """📊 Последние 30 дней

Алматы
Всего: 24 обращения
По категориям:
• Тепло, вода, свет, газ: 15 обращений
• Дороги и тротуары: 8 обращений
• Другое: 1 обращение
По статусам:
• 🆕 Новое: 23 обращения
• 📥 Принято: 1 обращение
Оценки услуг:
• Общественный транспорт: 3,5 (2 оценки)

Алмалинский район
Всего: 21 обращение
По категориям:
• Тепло, вода, свет, газ: 15 обращений
• Дороги и тротуары: 5 обращений
• Другое: 1 обращение
По статусам:
• 🆕 Новое: 20 обращений
• 📥 Принято: 1 обращение
Оценки услуг:
• Общественный транспорт: 3,5 (2 оценки)

Выберите район, чтобы увидеть его показатели:""",
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_city_and_district_figures_for_the_last_30_days(world: World, language: str) -> None:
    person = await world.resident(11001, language)
    neighbour = await world.resident(11002, "kk")
    created = [
        await submit_direct(world, neighbour.id, category=category, district=district)
        for category, district, times in [
            ("utilities", "almaly", 15),
            ("roads", "medeu", 3),
            ("roads", "almaly", 5),
        ]
        for _ in range(times)
    ]
    await change(world, created[-1].id, NeedStatus.ACCEPTED)  # a roads need in Almaly
    old = await submit_direct(world, neighbour.id, category="snow", district="almaly")
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(
            update(Need).where(Need.id == old.id).values(created_at=utcnow() - timedelta(days=40))
        )
    await submit_direct(world, person.id, category="other", district="almaly")
    for resident, score in [(person, 5), (neighbour, 2)]:
        row = await resident_row(world, resident.id)
        async with world.kenes.sessionmaker() as session:
            await ratings.rate(session, row.id, "public_transport", "almaly", score)

    [reply] = await person.send("/stats")

    assert reply.content == EXPECTED[language]
    assert len(reply.buttons) == 8


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_resident_without_needs_chooses_the_district(world: World, language: str) -> None:
    person = await world.resident(11003, language)
    neighbour = await world.resident(11004, "ru")
    await submit_direct(world, neighbour.id, category="roads", district="medeu")

    [city] = await person.tap(
        {"kk": "📊 Қала статистикасы", "ru": "📊 Статистика города"}[language]
    )
    [district] = await person.press({"kk": "Медеу ауданы", "ru": "Медеуский район"}[language])

    one = {"kk": "1 өтініш", "ru": "1 обращение"}[language]
    assert city.content.count(one) == 3  # total, roads, new: city-wide only
    assert {"kk": "\nМедеу ауданы\n", "ru": "\nМедеуский район\n"}[language] in district.content
    assert district.content.count(one) == 6  # and again for Medeu
    assert {"kk": "Әзірге бағалар жоқ.", "ru": "Оценок пока нет."}[language] in city.content
