"""The first conversation, in Kazakh and in Russian: language, consent, main menu."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Resident
from playground.emulator.menus import Scope
from tests.e2e.conftest import MENU, World

AGREE = {"kk": "✅ Келісемін", "ru": "✅ Даю согласие"}


async def stored(world: World, telegram_id: int) -> Resident | None:
    async with world.kenes.sessionmaker() as session, session.begin():
        result = await session.execute(select(Resident).where(Resident.telegram_id == telegram_id))
        return result.scalar_one_or_none()


@pytest.mark.parametrize(
    ("language", "name", "greeting"),
    [
        ("kk", "Қазақша", "Сәлеметсіз бе! Бұл — «Кеңес»"),
        ("ru", "Русский", "Здравствуйте! Это «Кеңес»"),
    ],
)
async def test_start_offers_the_telegram_language_preselected(
    world: World, language: str, name: str, greeting: str
) -> None:
    person = world.person(1001, language_code=language)

    [reply] = await person.send("/start")

    assert reply.content.startswith(greeting)
    assert reply.buttons == [
        ("✅ " + name if language == "kk" else "Қазақша"),
        ("✅ " + name if language == "ru" else "Русский"),
        "Qazaqşa (latyn)",
    ]
    assert await stored(world, 1001) is None  # nothing kept before a choice


async def test_unknown_telegram_language_gets_both_languages(world: World) -> None:
    person = world.person(1002, language_code="en")

    [reply] = await person.send("/start")

    assert "Тілді таңдаңыз." in reply.content
    assert "Пожалуйста, выберите язык." in reply.content
    assert reply.buttons == ["Қазақша", "Русский", "Qazaqşa (latyn)"]


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_language_then_consent_then_menu(world: World, language: str) -> None:
    person = world.person(1003, language_code="en")
    await person.send("/start")

    [consent] = await person.press("Қазақша" if language == "kk" else "Русский")

    expected_title = {
        "kk": "Дербес деректерді өңдеуге келісім",
        "ru": "Согласие на обработку персональных данных",
    }[language]
    assert consent.content.startswith(expected_title)
    assert "94-V" in consent.content
    resident = await stored(world, 1003)
    assert resident is not None and resident.language == language
    assert resident.consent_at is None

    [menu] = await person.press(AGREE[language])

    assert person.keyboard == MENU[language]
    assert menu.content.startswith({"kk": "Рақмет!", "ru": "Спасибо!"}[language])
    resident = await stored(world, 1003)
    assert resident is not None and resident.consent_at is not None


async def test_declining_consent_keeps_only_the_language(world: World) -> None:
    person = world.person(1004, language_code="ru")
    await person.send("/start")
    await person.press("✅ Русский")

    [reply] = await person.press("❌ Не даю согласия")

    assert reply.content.startswith("Без Вашего согласия «Кеңес» не может принимать обращения")
    resident = await stored(world, 1004)
    assert resident is not None and resident.consent_at is None
    assert person.keyboard == []


@pytest.mark.parametrize(
    ("language", "my", "stats"),
    [
        ("kk", "Менің өтініштерім", "Соңғы 30 күндегі қала статистикасы"),
        ("ru", "Мои обращения", "Статистика города за последние 30 дней"),
    ],
)
async def test_the_command_menu_lists_my_and_stats(
    world: World, language: str, my: str, stats: str
) -> None:
    commands = {
        c["command"]: c["description"] for c in world.emulator.commands[(Scope(), language)]
    }

    assert (commands["my"], commands["stats"]) == (my, stats)
