"""Bad input while creating a poll, and forged answer buttons, in Kazakh and Russian: every
mistake gets the reason and the same question again, nothing is lost, and a forged button
for a poll the resident was not sent, for a closed poll or for an option the poll does not
have changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from models import Poll
from playground.people import Person
from tests.e2e.conftest import World
from tests.e2e.polls_kit import (
    ADMIN,
    LANGUAGES,
    STAFF_SETTINGS,
    Draft,
    T,
    answers,
    create_poll,
    date,
    invitation,
    sent_out,
    typed,
)
from tests.e2e.staff import TEXTS as STAFF

S: dict[str, dict[str, str]] = {
    "kk": {
        "intro": "🗳 Жаңа сауалнама. Тоғыз қысқа қадам; кез келген сәтте тоқтату үшін /cancel "
        "жіберіңіз.",
        "step1": "1-қадам (барлығы 9). Сұрақты қазақ тілінде жіберіңіз (300 таңбаға дейін).",
        "long_question": "Сұрақ 300 таңбадан аспауы керек; бұл сұрақта 301 таңба бар.",
        "step2": "2-қадам (барлығы 9). Сол сұрақты орыс тілінде жіберіңіз.",
        "step3": "3-қадам (барлығы 9). Жауап нұсқаларын қазақ тілінде жіберіңіз, әрқайсысын "
        "жаңа жолдан: кемінде 2, ең көбі 10 нұсқа, әрқайсысы 100 таңбаға дейін.",
        "count": "Сауалнамада кемінде 2, ең көбі 10 нұсқа болуы керек, әрқайсысы жаңа жолда; "
        "бұл хабарламада — {count}. Нұсқаларды қайта жіберіңіз.",
        "too_long": "2-нұсқа тым ұзын (101 таңба): нұсқа 100 таңбадан аспауы керек. Оны "
        "қысқартып, барлық нұсқаны қайта жіберіңіз, әрқайсысын жаңа жолдан.",
        "step4": "4-қадам (барлығы 9). Сол 3 нұсқаны орыс тілінде, сол ретпен, әрқайсысын "
        "жаңа жолдан жіберіңіз.",
        "mismatch": "Қазақ тілінде 3 нұсқа бар, сондықтан орыс тілінде де дәл 3 нұсқа "
        "жіберіңіз, әрқайсысын жаңа жолдан, сол ретпен. Бұл хабарламада — 2.",
        "step5": "5-қадам (барлығы 9). Тұрғындар бір жауапты ғана таңдай ма, әлде бірнешеуін бе?",
        "step6": "6-қадам (барлығы 9). Сауалнаманы кімдер алуы керек?",
        "step7": "7-қадам (барлығы 9). Сауалнама қашан ашылады? Күні мен уақытын (UTC+5) "
        "КК.АА.ЖЖЖЖ СС:ММ түрінде жіберіңіз, мысалы 05.12.2026 10:00, немесе "
        "«Қазір» батырмасын басыңыз.",
        "unreadable": "Бұл күн мен уақытты оқи алмадым. КК.АА.ЖЖЖЖ СС:ММ түрінде жіберіңіз, "
        "мысалы 05.12.2026 10:00.",
        "past_opening": "Бұл уақыт өтіп кетті. Кейінірек күн мен уақытты жіберіңіз немесе "
        "«Қазір» батырмасын басыңыз.",
        "step8": "8-қадам (барлығы 9). Сауалнама қашан жабылады? Күн мен уақытты "
        "КК.АА.ЖЖЖЖ СС:ММ түрінде жіберіңіз.",
        "before_opening": "Сауалнама ашылғаннан кейін жабылуы керек (ашылуы: {date}). "
        "Кейінірек күн мен уақытты жіберіңіз.",
        "step9": "9-қадам (барлығы 9). Тұрғындар нәтижелерді қашан көре алады?",
        "preview": "👀 Алдын ала қарау. Тұрғындар сауалнаманы осылай көреді.",
        "summary": "Жауап: біреуі ғана\nКімге: хабарландыруларға жазылған барлық тұрғын "
        "(қазір 2 тұрғын)\nАшылуы: {opens}\nЖабылуы: {closes}\nНәтижелер: жауап бергеннен "
        "кейін бірден\n\nЖариялайсыз ба?",
        "discarded": "Сауалнама жойылды. Ештеңе жіберілген жоқ.",
        "not_available": "Бұл нұсқа қолжетімсіз. Төмендегі батырмаларды пайдаланыңыз.",
    },
    "ru": {
        "intro": "🗳 Новый опрос. Девять коротких шагов; чтобы остановиться в любой момент, "
        "отправьте /cancel.",
        "step1": "Шаг 1 из 9. Отправьте вопрос на казахском языке (до 300 символов).",
        "long_question": "Вопрос должен быть не длиннее 300 символов, а в этом 301 симв.",
        "step2": "Шаг 2 из 9. Отправьте тот же вопрос на русском языке.",
        "step3": "Шаг 3 из 9. Отправьте варианты ответа на казахском языке, каждый с новой "
        "строки: от 2 до 10 вариантов, каждый до 100 символов.",
        "count": "В опросе должно быть от 2 до 10 вариантов, каждый с новой строки; в этом "
        "сообщении их {count}. Пожалуйста, отправьте варианты ещё раз.",
        "too_long": "Вариант 2 слишком длинный (101 симв.): допустимо не больше 100 символов. "
        "Сократите его и отправьте все варианты ещё раз, каждый с новой строки.",
        "step4": "Шаг 4 из 9. Отправьте те же варианты (3) на русском языке, каждый с новой "
        "строки, в том же порядке.",
        "mismatch": "На казахском языке вариантов 3, поэтому отправьте на русском ровно "
        "столько же (3), каждый с новой строки, в том же порядке. В этом сообщении их 2.",
        "step5": "Шаг 5 из 9. Жители выбирают один ответ или могут выбрать несколько?",
        "step6": "Шаг 6 из 9. Кто должен получить опрос?",
        "step7": "Шаг 7 из 9. Когда опрос открывается? Отправьте дату и время (UTC+5) в формате "
        "ДД.ММ.ГГГГ ЧЧ:ММ, например 05.12.2026 10:00, или нажмите «Сейчас».",
        "unreadable": "Не удалось прочитать дату и время. Отправьте их в формате ДД.ММ.ГГГГ "
        "ЧЧ:ММ, например 05.12.2026 10:00.",
        "past_opening": "Это время уже прошло. Отправьте более позднюю дату и время или "
        "нажмите «Сейчас».",
        "step8": "Шаг 8 из 9. Когда опрос закрывается? Отправьте дату и время в формате "
        "ДД.ММ.ГГГГ ЧЧ:ММ.",
        "before_opening": "Опрос должен закрываться после открытия ({date}). Отправьте более "
        "позднюю дату и время.",
        "step9": "Шаг 9 из 9. Когда жители могут увидеть результаты?",
        "preview": "👀 Предпросмотр. Так жители увидят опрос.",
        "summary": "Ответ: только один\nКому: все, кто подписан на объявления (сейчас 2 жителя)"
        "\nОткрывается: {opens}\nЗакрывается: {closes}\nРезультаты: сразу после ответа"
        "\n\nОпубликовать?",
        "discarded": "Опрос удалён. Ничего не отправлено.",
        "not_available": "Этот вариант недоступен. Пожалуйста, воспользуйтесь кнопками ниже.",
    },
}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return STAFF_SETTINGS


async def says(person: Person, text: str) -> list[str]:
    return [message.content for message in await person.send(text)]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_mistake_in_the_flow_is_explained_and_asked_again(
    world: World, language: str
) -> None:
    s, t = S[language], T[language]
    moderator = await world.resident(ADMIN, language)
    await world.resident(4101, "kk")
    draft = Draft()

    assert await says(moderator, "/newpoll") == [s["intro"], s["step1"]]
    assert await says(moderator, "Ә" * 301) == [s["long_question"]]
    assert await says(moderator, draft.question_kk) == [s["step2"]]
    assert await says(moderator, draft.question_ru) == [s["step3"]]
    assert await says(moderator, "Тек біреу") == [s["count"].format(count=1)]
    eleven = "\n".join(f"Нұсқа {n}" for n in range(1, 12))
    assert await says(moderator, eleven) == [s["count"].format(count=11)]
    too_long = "\n".join(["Ағаш", "М" * 101, "Тас"])
    assert await says(moderator, too_long) == [s["too_long"]]
    assert await says(moderator, "\n".join(["Ағаш", "М" * 100, "Тас"])) == [s["step4"]]
    assert await says(moderator, "Деревянные\nМеталлические") == [s["mismatch"]]
    assert await says(moderator, "\n".join(draft.options_ru)) == [s["step5"]]
    await moderator.press(t["one"])
    assert moderator.last.content == s["step6"]
    await moderator.press(t["all"])
    assert moderator.last.content == s["step7"]

    assert await says(moderator, "ертең таңертең") == [s["unreadable"]]
    assert await says(moderator, "31.02.2031 10:00") == [s["unreadable"]]
    assert await says(moderator, "01.01.2020 10:00") == [s["past_opening"]]
    tz = world.kenes.settings.tz
    opens = (datetime.now(tz) + timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    assert await says(moderator, typed(opens, world)) == [s["step8"]]
    before = opens - timedelta(hours=1)
    expected = s["before_opening"].format(date=date(world, opens, language))
    assert await says(moderator, typed(before, world)) == [expected]
    assert await says(moderator, typed(opens, world)) == [expected]  # closing = opening
    closes = opens + timedelta(days=3)
    assert await says(moderator, typed(closes, world)) == [s["step9"]]

    [preview] = await moderator.press(t["answered"])
    draft.options_kk[1] = "М" * 100
    cards = [
        f"{name}:\n{invitation(world, draft, code, closes)}"
        for code, name in (("kk", "Қазақша"), ("ru", "Русский"))
    ]
    summary = s["summary"].format(
        opens=date(world, opens, language), closes=date(world, closes, language)
    )
    assert preview.content == "\n\n".join([s["preview"], *cards, summary])
    assert preview.buttons == [t["publish"], t["discard"]]

    await moderator.press(t["discard"])
    assert moderator.last.content == s["discarded"]
    async with world.kenes.sessionmaker() as session, session.begin():
        assert (await session.get(Poll, 1)) is None  # nothing was stored


@pytest.mark.parametrize("language", LANGUAGES)
async def test_forged_answer_buttons_change_nothing(world: World, language: str) -> None:
    t, s = T[language], S[language]
    moderator = await world.resident(ADMIN, "kk")
    member = await world.resident(4102, language)
    poll_id, closes = await create_poll(world, moderator, "kk", Draft())
    await sent_out(world, poll_id)
    newcomer = await world.resident(4103, language)  # came after the poll was sent
    invitation_message = member.last

    # A poll this resident was not sent: refused, whatever the button says.
    await newcomer.press_data(newcomer.last, f"pv1:{poll_id}:0")
    assert newcomer.answers()[-1] == t["not_sent"]
    await newcomer.press_data(newcomer.last, "pv1:999:0")  # no such poll
    assert newcomer.answers()[-1] == t["not_sent"]
    # Options the poll does not have, a multiple-choice answer to a single-choice poll.
    for data in (
        f"pv1:{poll_id}:3",
        f"pv1:{poll_id}:-1",
        f"pd1:{poll_id}:1",
        f"pd1:{poll_id}:4096",
        f"pt1:{poll_id}:1:0",
    ):
        await member.press_data(invitation_message, data)
        assert member.answers()[-1] == s["not_available"]
    assert invitation_message.content == invitation(world, Draft(), language, closes)
    assert await answers(world, poll_id) == {}

    # A closed poll: refused too.
    await moderator.send("/pollstats")
    await moderator.press(f"№{poll_id}")
    await moderator.press(T["kk"]["close_now"])
    await moderator.press(T["kk"]["close_yes"])
    await member.press_data(invitation_message, f"pv1:{poll_id}:1")
    assert member.answers()[-1] == t["closed"]
    assert await answers(world, poll_id) == {}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_only_staff_create_and_close_polls(world: World, language: str) -> None:
    moderator = await world.resident(ADMIN, "kk")
    resident = await world.resident(4104, language)
    poll_id, closes = await create_poll(world, moderator, "kk", Draft())
    await sent_out(world, poll_id)
    staff_only = STAFF[language]["staff_only"]

    assert await says(resident, "/newpoll") == [staff_only]
    assert await says(resident, "/pollstats") == [staff_only]
    await resident.press_data(resident.last, f"pm1:{poll_id}:closed")
    assert resident.answers()[-1] == staff_only
    async with world.kenes.sessionmaker() as session, session.begin():
        poll = await session.get(Poll, poll_id)
        assert poll is not None and poll.closes_at == closes  # not closed
