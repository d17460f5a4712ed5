"""Rating a city service: service, district, score, an optional comment, then the average;
one rating per resident, service and district counts per 30 days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from models import Rating
from models.base import utcnow
from playground.people import Person
from tests.e2e.conftest import World
from tests.e2e.needs_kit import LANGUAGES, T

RATE_STEPS = ["service", "district", "score", "comment"]
R = {
    "kk": {
        "intro": "Сіздің бағаңыз әкімдікке қай қызметтерді жақсарту керегін көрсетеді.",
        "service": "⭐ Қай қалалық қызметті бағалағыңыз келеді?",
        "district": "Бұл қызметті қай ауданда пайдаланасыз?",
        "score": "Бағаңыз: 1-ден (өте нашар) 5-ке (өте жақсы) дейін:",
        "comment": "Түсініктеме қосқыңыз келе ме? Жазыңыз (1\xa0000 таңбаға дейін) немесе өткізіп "
        "жіберіңіз.",
        "transport": "Қоғамдық көлік",
        "skip": "⏭ Түсініктемесіз",
        "thanks": "⭐ Рақмет! «Қоғамдық көлік», Алмалы ауданы: қазіргі орташа баға — {average} "
        "(бағалар саны: {count}).",
        "replaced": "Ол сіздің бұрынғы бағаңызды (",
        "long": "Түсініктеме 1\xa0000 таңбадан аспауы және сөздерден тұруы керек. Қайта жазыңыз "
        "немесе бұл қадамды өткізіп жіберіңіз.",
        "blocked": "Әкімдік модераторлары сізге өтініш жіберуді шектеді. Себебі: спам",
    },
    "ru": {
        "intro": "Ваша оценка помогает акимату понять, какие услуги нужно улучшить.",
        "service": "⭐ Какую городскую услугу Вы хотите оценить?",
        "district": "В каком районе Вы пользуетесь этой услугой?",
        "score": "Ваша оценка от 1 (очень плохо) до 5 (отлично):",
        "comment": "Хотите добавить комментарий? Напишите его (до 1\xa0000 символов) "
        "или пропустите.",
        "transport": "Общественный транспорт",
        "skip": "⏭ Без комментария",
        "thanks": "⭐ Спасибо! «Общественный транспорт», Алмалинский район: средняя оценка "
        "сейчас {average} (оценок: {count}).",
        "replaced": "Она заменяет Вашу прежнюю оценку от ",
        "long": "Комментарий должен быть не длиннее 1\xa0000 символов и содержать слова. "
        "Пожалуйста, напишите его ещё раз или пропустите.",
        "blocked": "Модераторы акимата ограничили Вам возможность отправлять обращения. "
        "Причина: спам",
    },
}


async def rate(person: Person, language: str, score: int) -> None:
    """Up to the comment question."""
    await person.tap(T[language]["rate"])
    await person.press(R[language]["transport"])
    await person.press(T[language]["almaly"])
    await person.press(f"{score} ⭐")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_service_is_rated_with_a_comment(world: World, language: str) -> None:
    texts = R[language]
    person = await world.resident(10001, language)

    intro, question = await person.tap(T[language]["rate"])
    assert (intro.content, question.content) == (texts["intro"], texts["service"])
    assert len(question.buttons) == 10
    [question] = await person.press(texts["transport"])
    assert question.content == texts["district"]
    [question] = await person.press(T[language]["almaly"])
    assert question.content == texts["score"]
    assert question.buttons == ["1 ⭐", "2 ⭐", "3 ⭐", "4 ⭐", "5 ⭐"]
    [question] = await person.press("4 ⭐")
    assert question.content == texts["comment"]
    [thanks] = await person.send("Автобустар жиі жүреді")

    assert thanks.content == texts["thanks"].format(average="4", count="1")
    assert person.keyboard[0] == T[language]["report"]
    async with world.kenes.sessionmaker() as session, session.begin():
        [rating] = (await session.execute(select(Rating))).scalars().all()
    assert (rating.service, rating.district, rating.score) == ("public_transport", "almaly", 4)
    assert rating.comment == "Автобустар жиі жүреді"


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_average_counts_every_resident(world: World, language: str) -> None:
    first = await world.resident(10002, language)
    second = await world.resident(10003, language)
    await rate(first, language, 5)
    await first.press(R[language]["skip"])
    await rate(second, language, 2)

    [thanks] = await second.press(R[language]["skip"])

    assert thanks.content == R[language]["thanks"].format(average="3,5", count="2")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_new_rating_within_30_days_replaces_the_old_and_says_so(
    world: World, language: str
) -> None:
    person = await world.resident(10004, language)
    await rate(person, language, 1)
    await person.press(R[language]["skip"])
    await rate(person, language, 5)

    [thanks] = await person.press(R[language]["skip"])

    first, second = thanks.content.split("\n")
    assert first == R[language]["thanks"].format(average="5", count="1")
    assert second.startswith(R[language]["replaced"])
    async with world.kenes.sessionmaker() as session, session.begin():
        scores = (await session.execute(select(Rating.score))).scalars().all()
    assert scores == [5]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_after_30_days_a_new_rating_is_added(world: World, language: str) -> None:
    person = await world.resident(10005, language)
    await rate(person, language, 1)
    await person.press(R[language]["skip"])
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(update(Rating).values(created_at=utcnow() - timedelta(days=31)))
    await rate(person, language, 4)

    [thanks] = await person.press(R[language]["skip"])

    assert thanks.content == R[language]["thanks"].format(average="2,5", count="2")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_bad_input_in_the_rating_flow(world: World, language: str) -> None:
    texts, common = R[language], T[language]
    person = await world.resident(10006, language)
    await person.tap(common["rate"])

    explanation, again = await person.send("транспорт")  # text where a button is expected
    assert (explanation.content, again.content) == (common["unexpected"], texts["service"])
    await person.press_data(again, "rt1c:service:spaceport")  # forged service
    assert person.answers()[-1] == common["not_available"]
    await person.press(texts["transport"], again)
    [score] = await person.press(common["almaly"])
    await person.press_data(score, "rt1v:9")  # forged score
    assert person.answers()[-1] == common["not_available"]
    resume, asked = await person.send("/start")
    assert (resume.content, asked.content) == (common["resume"], texts["score"])
    await person.press("3 ⭐", asked)
    [too_long] = await person.send("ж" * 1001)
    assert too_long.content == texts["long"]
    [thanks] = await person.press(texts["skip"])  # the comment step is kept
    assert thanks.content == texts["thanks"].format(average="3", count="1")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("step", ["service", "district", "score", "comment"])
async def test_cancel_leaves_the_rating_flow_at_every_step(
    world: World, language: str, step: str
) -> None:
    person = await world.resident(10007, language)
    await person.tap(T[language]["rate"])
    choices = {"district": R[language]["transport"], "score": T[language]["almaly"]}
    for label in [choices["district"], choices["score"], "2 ⭐"][: RATE_STEPS.index(step)]:
        await person.press(label)

    [reply] = await person.send("/cancel")

    assert reply.content == T[language]["cancelled"]
    assert person.keyboard[0] == T[language]["report"]
    async with world.kenes.sessionmaker() as session, session.begin():
        assert (await session.execute(select(Rating))).first() is None


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_blocked_resident_can_neither_rate_nor_report(world: World, language: str) -> None:
    from models import Resident

    person = await world.resident(10008, language)
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(
            update(Resident)
            .where(Resident.telegram_id == person.id)
            .values(blocked_at=utcnow(), blocked_reason="спам")
        )

    [rate_reply] = await person.tap(T[language]["rate"])
    [report_reply] = await person.tap(T[language]["report"])

    assert rate_reply.content == R[language]["blocked"]
    assert report_reply.content == R[language]["blocked"]
    [listing] = await person.tap(T[language]["my"])  # following what was sent stays open
    assert listing.content.startswith({"kk": "Сіз әлі", "ru": "Вы ещё"}[language])
