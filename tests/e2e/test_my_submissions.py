"""/my and “📋 My submissions”: the resident's needs page by page, a card with the history,
and the author's verdict after a resolution (solved and rated, or reopened)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from models import Need, NeedEvent, NeedStatus
from models.base import utcnow
from services.deadlines import answer_deadline
from tests.e2e.conftest import World
from tests.e2e.needs_kit import LANGUAGES, T, change, needs_of, submit_direct

S = NeedStatus
LIST = {
    "kk": {
        "empty": "Сіз әлі өтініш жіберген жоқсыз. Алғашқысын жіберу үшін «📝 Өтініш беру» "
        "батырмасын басыңыз.",
        "head": "Сіздің өтініштеріңіз: 7. 2 беттің {page}-беті.\n"
        "Карточкасы мен тарихын көру үшін өтінішті таңдаңыз.",
        "older": "Бұрынғылары ▶️",
        "newer": "◀️ Жаңалары",
        "back": "⬅️ Тізімге оралу",
        "new": "🆕 Жаңа",
    },
    "ru": {
        "empty": "Вы ещё не отправляли обращений. Чтобы отправить первое, нажмите «📝 Подать "
        "обращение».",
        "head": "Ваши обращения: 7. Страница {page} из 2.\n"
        "Выберите обращение, чтобы увидеть его карточку и историю.",
        "older": "Более ранние ▶️",
        "newer": "◀️ Более новые",
        "back": "⬅️ Назад к списку",
        "new": "🆕 Новое",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_nothing_sent_yet(world: World, language: str) -> None:
    person = await world.resident(8001, language)

    [reply] = await person.tap(T[language]["my"])

    assert reply.content == LIST[language]["empty"]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_needs_are_listed_newest_first_page_by_page(world: World, language: str) -> None:
    texts = LIST[language]
    person = await world.resident(8002, language)
    numbers = [(await submit_direct(world, person.id)).number for _ in range(7)]

    [first] = await person.send("/my")

    assert first.content.startswith(texts["head"].format(page=1))
    assert first.buttons == [f"{n} · {texts['new']}" for n in reversed(numbers[2:])] + [
        texts["older"]
    ]
    await person.press(texts["older"])
    assert first.content.startswith(texts["head"].format(page=2))  # edited in place
    assert first.buttons == [f"{n} · {texts['new']}" for n in reversed(numbers[:2])] + [
        texts["newer"]
    ]
    await person.press(texts["newer"])
    assert first.content.startswith(texts["head"].format(page=1))


CARD = {
    "kk": [
        "{number} өтініші",
        "Мәртебесі: 📥 Қабылданды",
        "Санаты: Жолдар мен тротуарлар",
        "Ауданы: Алмалы ауданы",
        "Орналасқан жері: ул. Абая, 10",
    ],
    "ru": [
        "Обращение {number}",
        "Статус: 📥 Принято",
        "Категория: Дороги и тротуары",
        "Район: Алмалинский район",
        "Место: ул. Абая, 10",
    ],
}
HISTORY = {
    "kk": ["Тарихы", ": 🆕 Жаңа", ": 📥 Қабылданды — Бригада <b> жіберілді"],
    "ru": ["История", ": 🆕 Новое", ": 📥 Принято — Бригада <b> жіберілді"],
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_need_opens_as_a_card_with_its_history(world: World, language: str) -> None:
    person = await world.resident(8003, language)
    need = await submit_direct(world, person.id)
    await change(world, need.id, S.ACCEPTED, comment="Бригада <b> жіберілді")
    [listing] = await person.send("/my")

    await person.press(listing.buttons[0])

    lines = listing.content.split("\n")
    assert lines[:5] == [line.format(number=need.number) for line in CARD[language]]
    history = lines[lines.index(HISTORY[language][0]) :]
    assert len(history) == 3
    assert history[1].endswith(HISTORY[language][1])
    assert history[2].endswith(HISTORY[language][2])  # moderators' text shown as typed
    assert listing.buttons == [LIST[language]["back"]]
    await person.press(LIST[language]["back"])
    assert listing.content.startswith(
        {"kk": "Сіздің өтініштеріңіз: 1.", "ru": "Ваши обращения: 1."}[language]
    )


SCORE_QUESTION = {
    "kk": "Қуаныштымыз! {number} өтінішінің шешілуін қалай бағалайсыз?",
    "ru": "Рады это слышать! Как Вы оцените решение проблемы по обращению {number}?",
}
THANKS = {"kk": "Бағаңызға рақмет!", "ru": "Спасибо за Вашу оценку!"}
VERDICT = {"kk": ["✅ Иә, шешілді", "❌ Шешілмеді"], "ru": ["✅ Да, решено", "❌ Не решено"]}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_solved_and_rated_from_the_notice(world: World, language: str) -> None:
    person = await world.resident(8004, language)
    need = await submit_direct(world, person.id)
    await change(world, need.id, S.RESOLVED, comment="Жол жөнделді")

    [question] = await person.press(VERDICT[language][0])
    assert question.content == SCORE_QUESTION[language].format(number=need.number)
    assert question.buttons == ["1 ⭐", "2 ⭐", "3 ⭐", "4 ⭐", "5 ⭐"]
    [thanks] = await person.press("4 ⭐")

    assert thanks.content == THANKS[language]
    [stored] = await needs_of(world, person.id)
    assert (stored.status, stored.resolution_score) == ("resolved", 4)


REOPEN = {
    "kk": {
        "ask": "Не әлі де дұрыс емес? Түсініктемеңіз қайта ашылған өтінішпен бірге әкімдікке "
        "жіберіледі (5-тен 1\xa0000 таңбаға дейін).",
        "short": "Не әлі де дұрыс емес екенін 5-тен 1\xa0000 таңбаға дейін жазыңыз.",
        "done": "🔄 {number} өтініші қайта ашылып, әкімдіктің кезегіне қайта түсті.",
        "late": "Өтініш шешілгеннен бері 14 күннен астам уақыт өтті, сондықтан оны қайта ашу "
        "мүмкін емес. Мәселе әлі де болса, жаңа өтініш беріңіз.",
        "supporter": "Автордың хабарлауынша, мәселе шешілмеген. Өтініш қайта ашылып, "
        "әкімдіктің кезегіне қайта түсті.",
    },
    "ru": {
        "ask": "Что по-прежнему не так? Ваш комментарий будет передан в акимат вместе с повторно "
        "открытым обращением (от 5 до 1\xa0000 символов).",
        "short": "Пожалуйста, напишите от 5 до 1\xa0000 символов о том, что по-прежнему не так.",
        "done": "🔄 Обращение {number} открыто повторно и снова в очереди акимата.",
        "late": "С момента решения обращения прошло больше 14 дней, поэтому его нельзя открыть "
        "повторно. Если проблема осталась, подайте новое обращение.",
        "supporter": "Автор сообщает, что проблема не решена. Обращение открыто повторно и "
        "снова в очереди акимата.",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_not_solved_reopens_with_the_comment_and_tells_supporters(
    world: World, language: str
) -> None:
    texts = REOPEN[language]
    person = await world.resident(8005, language)
    supporter = await world.resident(8006, language)
    need = await submit_direct(world, person.id)
    duplicate = await submit_direct(world, supporter.id)
    await change(world, duplicate.id, S.DUPLICATE, duplicate_of=need.id)
    await change(world, need.id, S.RESOLVED, comment="Жол жөнделді")
    filed_long_ago = utcnow() - timedelta(days=40)  # its first deadline has passed
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(
            update(Need).where(Need.id == need.id).values(deadline_at=filed_long_ago)
        )

    [ask] = await person.press(VERDICT[language][1])
    assert ask.content == texts["ask"]
    [short] = await person.send("жоқ")
    assert short.content == texts["short"]
    [done] = await person.send("Шұңқыр әлі де бар")

    assert done.content == texts["done"].format(number=need.number)
    [stored] = await needs_of(world, person.id)
    assert stored.status == "reopened"
    assert supporter.last.content.endswith(texts["supporter"])
    async with world.kenes.sessionmaker() as session, session.begin():
        last = await session.scalar(
            select(NeedEvent).where(NeedEvent.need_id == need.id).order_by(NeedEvent.id.desc())
        )
    assert last is not None
    assert (last.actor, last.from_status, last.to_status) == ("resident", "resolved", "reopened")
    assert last.comment == "Шұңқыр әлі де бар"
    # the akimat answers again within the category's working days, counted from now
    assert stored.deadline_at == answer_deadline(last.at, 15, world.kenes.settings.tz)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_not_solved_after_fourteen_days_is_refused(world: World, language: str) -> None:
    person = await world.resident(8007, language)
    need = await submit_direct(world, person.id)
    await change(world, need.id, S.RESOLVED, comment="Жол жөнделді")
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(
            update(NeedEvent)
            .where(NeedEvent.to_status == "resolved")
            .values(at=utcnow() - timedelta(days=15))
        )

    replies = await person.press(VERDICT[language][1])

    assert replies == []
    assert person.answers()[-1] == REOPEN[language]["late"]
    [stored] = await needs_of(world, person.id)
    assert stored.status == "resolved"


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_resolved_card_offers_the_verdict_too(world: World, language: str) -> None:
    person = await world.resident(8008, language)
    need = await submit_direct(world, person.id)
    await change(world, need.id, S.RESOLVED, comment="Жол жөнделді")
    [listing] = await person.send("/my")

    await person.press(listing.buttons[0], listing)

    assert listing.buttons == [*VERDICT[language], LIST[language]["back"]]
    [question] = await person.press(VERDICT[language][0], listing)
    assert question.content == SCORE_QUESTION[language].format(number=need.number)
