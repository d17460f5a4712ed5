"""Honest statuses: each change, made through the status service (as moderators will make
it), reaches the author and the supporters in their own language; races have one winner."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.i18n import format_datetime
from models import NeedEvent, NeedStatus
from playground.emulator import Fault
from services.statuses import StatusConflict, change_status
from tests.e2e.conftest import World
from tests.e2e.needs_kit import LANGUAGES, change, notify, resident_row, submit_direct

S = NeedStatus
HEADER = {
    "kk": "{number} өтініші · Жолдар мен тротуарлар",
    "ru": "Обращение {number} · Дороги и тротуары",
}
NOTICES = {
    "kk": {
        S.ACCEPTED: "Мәртебесі: 📥 Қабылданды\n\nӘкімдік бұл өтінішті қабылдады. Жауап беру "
        "мерзімі: {deadline}.\nТүсініктеме: Бригада жіберілді",
        S.IN_PROGRESS: "Мәртебесі: 🛠 Жұмыс жүргізілуде\n\nБұл өтініш бойынша жұмыс басталды.",
        S.REJECTED: "Мәртебесі: ⛔ Қабылданбады\n\nӘкімдік бұл өтінішті қабылдамады. Себебі: "
        "<i>жеке</i> аумақ",
        S.NOT_OUR_COMPETENCE: "Мәртебесі: ↪️ Әкімдіктің құзыретіне жатпайды\n\nБұл мәселе "
        "әкімдіктің құзыретіне жатпайды. Қайда жүгінуге болады: eOtinish.gov.kz",
        S.DUPLICATE: "Мәртебесі: 🔁 Қайталанған өтініш\n\nБұл өтініш қазір қаралып жатқан "
        "{original} өтінішін қайталайды. Оның барысы туралы сізге хабарлаймыз.",
    },
    "ru": {
        S.ACCEPTED: "Статус: 📥 Принято\n\nАкимат принял это обращение. Срок ответа: "
        "{deadline}.\nКомментарий: Бригада жіберілді",
        S.IN_PROGRESS: "Статус: 🛠 В работе\n\nРабота по этому обращению началась.",
        S.REJECTED: "Статус: ⛔ Отклонено\n\nАкимат отклонил это обращение. Причина: "
        "<i>жеке</i> аумақ",
        S.NOT_OUR_COMPETENCE: "Статус: ↪️ Не входит в компетенцию акимата\n\nЭтот вопрос не "
        "входит в компетенцию акимата. Куда обратиться: eOtinish.gov.kz",
        S.DUPLICATE: "Статус: 🔁 Дубликат\n\nЭто обращение дублирует обращение {original}, "
        "которое уже рассматривается. Мы сообщим Вам о ходе работы по нему.",
    },
}
DETAILS = {
    S.ACCEPTED: {"comment": "Бригада жіберілді"},
    S.IN_PROGRESS: {},
    S.REJECTED: {"comment": "<i>жеке</i> аумақ"},  # moderators' text is escaped too
    S.NOT_OUR_COMPETENCE: {"comment": "eOtinish.gov.kz"},
    S.DUPLICATE: {},
}
RESOLVED = {
    "kk": "Мәртебесі: ✅ Шешілді\n\nӘкімдіктің хабарлауынша, мәселе шешілді.\n"
    "Түсініктеме: Жол жөнделді\n\nМәселе шынымен шешілді ме?",
    "ru": "Статус: ✅ Решено\n\nАкимат сообщает, что проблема решена.\n"
    "Комментарий: Жол жөнделді\n\nПроблема действительно решена?",
}
VERDICT = {"kk": ["✅ Иә, шешілді", "❌ Шешілмеді"], "ru": ["✅ Да, решено", "❌ Не решено"]}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", list(DETAILS))
async def test_the_author_is_told_each_status_in_their_language(
    world: World, language: str, status: NeedStatus
) -> None:
    person = await world.resident(7001, language)
    other = await world.resident(7002, "kk")
    original = await submit_direct(world, other.id, description="Жол бұзылған, үлкен шұңқыр бар")
    need = await submit_direct(world, person.id)
    details: dict[str, object] = dict(DETAILS[status])
    if status == S.DUPLICATE:
        details["duplicate_of"] = original.id

    _, delivery = await change(world, need.id, status, **details)

    deadline = format_datetime(need.deadline_at, language, world.kenes.settings.tz)
    expected = NOTICES[language][status].format(deadline=deadline, original=original.number)
    assert person.last.content == HEADER[language].format(number=need.number) + "\n" + expected
    assert person.last.buttons == []
    assert delivery.sent == 1
    assert "✅" not in person.last.content  # a closed need never reads as fixed


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_resolution_asks_the_author_whether_it_is_solved(
    world: World, language: str
) -> None:
    person = await world.resident(7003, language)
    need = await submit_direct(world, person.id)

    await change(world, need.id, S.RESOLVED, comment="Жол жөнделді")

    header = HEADER[language].format(number=need.number)
    assert person.last.content == header + "\n" + RESOLVED[language]
    assert person.last.buttons == VERDICT[language]


async def test_supporters_are_told_in_their_own_language(world: World) -> None:
    author = await world.resident(7004, "kk")
    supporter = await world.resident(7005, "ru")
    need = await submit_direct(world, author.id)
    duplicate = await submit_direct(world, supporter.id)  # the moderators will merge it
    await change(world, duplicate.id, S.DUPLICATE, duplicate_of=need.id)

    _, delivery = await change(world, need.id, S.IN_PROGRESS)

    assert delivery.sent == 2
    assert author.last.content.startswith(f"{need.number} өтініші · ")
    assert author.last.content.endswith("Бұл өтініш бойынша жұмыс басталды.")
    assert supporter.last.content.startswith(f"Обращение {need.number} · ")
    assert supporter.last.content.endswith("Работа по этому обращению началась.")


async def test_a_resident_who_blocked_the_bot_is_marked_and_others_still_told(
    world: World,
) -> None:
    author = await world.resident(7006, "ru")
    supporter = await world.resident(7007, "kk")
    need = await submit_direct(world, author.id)
    duplicate = await submit_direct(world, supporter.id)
    await change(world, duplicate.id, S.DUPLICATE, duplicate_of=need.id)
    world.emulator.faults.add(Fault("sendMessage", status=403, chat_id=author.id))

    _, delivery = await change(world, need.id, S.ACCEPTED)

    assert (delivery.sent, delivery.blocked) == (1, 1)
    assert (await resident_row(world, author.id)).bot_blocked_at is not None
    assert supporter.last.content.startswith(f"{need.number} өтініші · ")
    _, later = await change(world, need.id, S.IN_PROGRESS)
    assert (later.sent, later.blocked) == (1, 0)  # not written to again


async def test_blocking_the_bot_in_telegram_stops_notices_at_once(world: World) -> None:
    author = await world.resident(7009, "kk")
    need = await submit_direct(world, author.id)
    world.emulator.block(author.id)  # Telegram tells the bot with a my_chat_member update
    await world.settle()
    sent_before = len(author.inbox)

    _, delivery = await change(world, need.id, S.ACCEPTED)

    assert (delivery.sent, delivery.blocked) == (0, 0)
    assert (await resident_row(world, author.id)).bot_blocked_at is not None
    assert len(author.inbox) == sent_before


@pytest.mark.parametrize("language", LANGUAGES)
async def test_two_simultaneous_changes_have_one_winner_and_one_notice(
    world: World, language: str
) -> None:
    person = await world.resident(7008, language)
    need = await submit_direct(world, person.id)
    before = len(person.inbox)

    async def attempt(to: NeedStatus, comment: str | None) -> object:
        async with world.kenes.sessionmaker() as session:
            try:
                return await change_status(
                    session, need.id, to, actor="staff:1", expected=S.NEW, comment=comment
                )
            except StatusConflict as conflict:
                return conflict

    results = await asyncio.gather(attempt(S.ACCEPTED, None), attempt(S.REJECTED, "қайталау"))

    conflicts = [r for r in results if isinstance(r, StatusConflict)]
    assert len(conflicts) == 1
    [winner] = [r for r in results if not isinstance(r, StatusConflict)]
    assert conflicts[0].current == winner.to_status  # type: ignore[attr-defined]
    async with world.kenes.sessionmaker() as session, session.begin():
        history = (await session.execute(select(NeedEvent.to_status))).scalars().all()
    assert sorted(history) == sorted(["new", winner.to_status])  # type: ignore[attr-defined]
    await notify(world, winner)  # type: ignore[arg-type]
    assert len(person.inbox) == before + 1  # the resident hears of the winner only
