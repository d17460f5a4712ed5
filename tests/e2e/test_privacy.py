"""/privacy and /delete_me: what is kept, and erasing it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import Resident
from tests.e2e.conftest import World


async def count_residents(world: World, telegram_id: int) -> int:
    async with world.kenes.sessionmaker() as session, session.begin():
        rows = await session.execute(select(Resident).where(Resident.telegram_id == telegram_id))
        return len(rows.all())


@pytest.mark.parametrize(
    ("language", "title", "consent_line"),
    [
        (
            "kk",
            "«Кеңес» ботындағы дербес деректеріңіз",
            r"Келісім берген уақытыңыз: 20\d\d жылғы \d+ [а-яәғқңөұүһі]+, \d\d:\d\d\.",
        ),
        (
            "ru",
            "Ваши персональные данные в боте «Кеңес»",
            r"Вы дали согласие \d+ [а-я]+ 20\d\d г\., \d\d:\d\d\.",
        ),
    ],
)
async def test_privacy_notice_shows_when_consent_was_given(
    world: World, language: str, title: str, consent_line: str
) -> None:
    person = await world.resident(3001, language)

    [notice] = await person.send("/privacy")

    assert notice.content.startswith(title)
    assert "94-V" in notice.content
    assert re.search(consent_line, notice.content), notice.content


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_delete_me_erases_after_confirmation(world: World, language: str) -> None:
    person = await world.resident(3002, language)
    yes = {"kk": "🗑 Иә, деректерімді жою", "ru": "🗑 Да, удалить мои данные"}[language]

    [question] = await person.send("/delete_me")
    assert question.content.startswith(
        {
            "kk": "Дербес деректеріңізді жоясыз ба? Деректер жойылғанда Telegram ID нөміріңіз, "
            "тіліңіз, ауданыңыз бен хабарландыруларға жазылымдарыңыз, өтініштеріңіз бен "
            "сұрақтарыңыздың мәтіндері",
            "ru": "Удалить Ваши персональные данные? После удаления не останется Вашего "
            "Telegram ID, языка, района и подписок на объявления, текстов Ваших обращений",
        }[language]
    )
    # what cannot be recalled is said, not promised away
    assert {
        "kk": "модераторлар чатына бұрын жіберілген көшірмелер сол чаттың тарихында қалады",
        "ru": "копии, уже отправленные в чат модераторов, остаются в его истории",
    }[language] in question.content
    assert "1\xa0км" in question.content  # exact locations are rounded
    assert question.content.endswith(
        {"kk": "Кодтың сақталу мерзімі: 30 күн.", "ru": "Код хранится 30 дней."}[language]
    )
    assert question.buttons == [
        yes,
        {"kk": "↩️ Жоқ, қалсын", "ru": "↩️ Нет, оставить"}[language],
    ]
    [done] = await person.press(yes)

    assert (
        done.content
        == {
            "kk": "Дербес деректеріңіз жойылды. «Кеңес» ботын пайдаланғаныңызға рақмет. "
            "Қайта бастау үшін /start жіберіңіз.",
            "ru": "Ваши персональные данные удалены. Спасибо, что пользовались ботом «Кеңес». "
            "Чтобы начать заново, отправьте /start.",
        }[language]
    )
    assert await count_residents(world, 3002) == 0
    assert person.keyboard == []
    assert question.buttons == []  # the confirmation cannot be pressed twice


async def test_delete_me_can_be_declined(world: World) -> None:
    person = await world.resident(3003, "ru")
    await person.send("/delete_me")

    [reply] = await person.press("↩️ Нет, оставить")

    assert reply.content == "Ничего не удалено."
    assert await count_residents(world, 3003) == 1


async def test_after_erasure_start_begins_again(world: World) -> None:
    person = await world.resident(3004, "kk")
    await person.send("/delete_me")
    await person.press("🗑 Иә, деректерімді жою")

    [reply] = await person.send("/start")

    assert reply.buttons == ["Қазақша", "Русский", "Qazaqşa (latyn)"]  # asked for a language again


async def test_stranger_has_nothing_to_delete(world: World) -> None:
    person = world.person(3005, language_code="ru")

    [reply] = await person.send("/delete_me")

    assert reply.content == "«Кеңес» не хранит о Вас никаких персональных данных."
