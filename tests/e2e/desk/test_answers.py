"""Answering the author, resolving, routing: a template picked in the moderator's language
is shown as the author will read it (their language), sent as it is or edited first; a
resolution may carry a photo; a department's name reaches the resident in their language."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import World
from tests.e2e.desk.kit import (
    BUTTONS,
    CROSSED,
    NAMES,
    NOTICE,
    ONE,
    SAY,
    STATUS,
    add_department,
    add_template,
    audit_of,
    card,
    cards_of,
    confirm,
    latest_action_at,
    need_row,
    notice,
    open_buttons,
    preview_text,
    staff,
)
from tests.e2e.needs_kit import filed

TEMPLATE = {
    "kk": "Өтінішіңіз тиісті қызметке жіберілді, жұмыс жоспарланды.",
    "ru": "Ваше обращение передано в профильную службу, работы запланированы.",
}
ASK = {
    "kk": {
        "reply": "{name}, {number} өтінішінің авторына не деп жауап бересіз? Үлгіні таңдаңыз "
        "немесе өз мәтініңізді жазыңыз.",
        "resolve": "{name}, {number} өтініші қалай шешілді? Үлгіні таңдаңыз немесе өз "
        "мәтініңізді жазыңыз.",
        "preview": "{name}, автор мынаны оқиды ({language}):\n{text}\nОсы күйінде жіберіңіз "
        "немесе түзетілген мәтінді жауап ретінде жіберіңіз.",
        "as_is": "📤 Осы күйінде жіберу",
        "own": "{name}, мәтінді қазақ немесе орыс тілінде жазыңыз (2-ден 1\xa0000 таңбаға дейін).",
        "photo": "{name}, нәтиженің фотосуретін осы хабарламаға жауап ретінде жіберіңіз немесе "
        "өтінішті фотосуретсіз «Шешілді» деп белгілеңіз.",
        "no_photo": "⏭ Фотосуретсіз",
        "not_photo": "Фотосурет жіберіңіз немесе «⏭ Фотосуретсіз» батырмасын басыңыз.",
        "sent": "Орындалды: {number} өтініші бойынша жауап жіберілді.",
        "route": "{name}, {number} өтінішін қай бөлімге жіберу керек?",
        "routed": "Орындалды: {number} өтініші «{department}» бөліміне жіберілді.",
        "answer_shown": "💬 Жауап жіберілді",
        "routed_shown": "🏢 Бөлімге жіберілді: {department}",
    },
    "ru": {
        "reply": "{name}, что ответить автору обращения {number}? Выберите шаблон или "
        "напишите свой текст.",
        "resolve": "{name}, как решено обращение {number}? Выберите шаблон или напишите свой "
        "текст.",
        "preview": "{name}, автор прочитает это ({language}):\n{text}\nОтправьте как есть или "
        "пришлите ответом исправленный текст.",
        "as_is": "📤 Отправить как есть",
        "own": "{name}, напишите текст (от 2 до 1\xa0000 символов) на казахском или на русском "
        "языке.",
        "photo": "{name}, отправьте фотографию результата ответом на это сообщение или отметьте "
        "обращение как решённое без неё.",
        "no_photo": "⏭ Без фото",
        "not_photo": "Пожалуйста, отправьте фотографию или нажмите «⏭ Без фото».",
        "sent": "Готово: ответ по обращению {number} отправлен.",
        "route": "{name}, в какой отдел направить обращение {number}?",
        "routed": "Готово: обращение {number} направлено в отдел «{department}».",
        "answer_shown": "💬 Отправлен ответ",
        "routed_shown": "🏢 Направлено: {department}",
    },
}
LANGUAGE = {"kk": "Қазақша", "ru": "Русский"}
VERDICT = {"kk": ["✅ Иә, шешілді", "❌ Шешілмеді"], "ru": ["✅ Да, решено", "❌ Не решено"]}


def template_button(language: str) -> str:
    text = TEMPLATE[language]
    return "📄 " + (text if len(text) <= 40 else text[:39] + "…")


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_reply_with_a_template_edited_before_sending(world: World, rl: str, ml: str) -> None:
    desk = await staff(world, ml)
    await add_template(world, TEMPLATE["kk"], TEMPLATE["ru"])
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    t = ASK[ml]

    [question] = await desk.one.press(BUTTONS[ml]["rpl"])
    assert question.content == t["reply"].format(name=NAMES[ONE], number=number)
    assert question.buttons == [template_button(ml), SAY[ml]["own"], SAY[ml]["stop"]]

    [preview] = await desk.one.press(template_button(ml), question)
    assert preview.content == t["preview"].format(
        name=NAMES[ONE], language=LANGUAGE[rl], text=TEMPLATE[rl]
    )  # the author's version, whatever the moderator's language
    assert preview.buttons == [t["as_is"], SAY[ml]["stop"]]

    edited = TEMPLATE[rl].replace(".", ", 5 <күн> ішінде.")
    [check] = await desk.one.reply(edited, preview)  # the template's question: no ForceReply
    assert check.content == preview_text(
        ml, "check_answer", rl, edited, name=NAMES[ONE], number=number
    )
    [done] = await confirm(desk.one, ml)

    assert done.content == t["sent"].format(number=number)
    assert resident.last.content == "\n\n".join(
        [NOTICE[rl]["header"].format(number=number), NOTICE[rl]["answer"] + "\n" + edited]
    )
    [now] = await cards_of(world, number)
    need = await need_row(world, number)
    at = await latest_action_at(world, number)
    assert now.content == card(world, ml, need, last=(t["answer_shown"], NAMES[ONE]), last_at=at)
    assert now.buttons == open_buttons(ml)  # an answer does not change the status
    [entry] = await audit_of(world, number)
    assert (entry[1], entry[4]) == ("need.reply", edited)


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_reply_with_a_template_as_it_is_in_the_residents_language(
    world: World, rl: str, ml: str
) -> None:
    desk = await staff(world, ml)
    await add_template(world, TEMPLATE["kk"], TEMPLATE["ru"])
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    await desk.one.press(BUTTONS[ml]["rpl"])
    await desk.one.press(template_button(ml))
    await desk.one.press(ASK[ml]["as_is"])

    [done] = await confirm(desk.one, ml)

    assert done.content == ASK[ml]["sent"].format(number=number)
    assert resident.last.content.endswith(NOTICE[rl]["answer"] + "\n" + TEMPLATE[rl])


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_resolve_with_own_text_and_a_photo(world: World, rl: str, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    t = ASK[ml]

    [question] = await desk.one.press(BUTTONS[ml]["res"])
    assert question.content == t["resolve"].format(name=NAMES[ONE], number=number)
    [ask] = await desk.one.press(SAY[ml]["own"], question)
    assert ask.content == t["own"].format(name=NAMES[ONE])
    [photo_question] = await desk.one.answer("Шұңқыр асфальтталды / яма заасфальтирована")
    assert photo_question.content == t["photo"].format(name=NAMES[ONE])
    assert photo_question.buttons == [t["no_photo"], SAY[ml]["stop"]]
    assert [m.content for m in await desk.one.reply("вот", photo_question)] == [t["not_photo"]]

    await desk.one.reply_photo(photo_question)
    [done] = await confirm(desk.one, ml)

    assert done.content == SAY[ml]["done"].format(number=number, status=STATUS[ml]["resolved"])
    text, photo = resident.inbox[-2:]
    comment = NOTICE[rl]["comment"].format(comment="Шұңқыр асфальтталды / яма заасфальтирована")
    assert text.content == notice(
        rl, number, "resolved",
        NOTICE[rl]["resolved"] + "\n" + comment + "\n\n" + NOTICE[rl]["solved?"],
    )  # fmt: skip
    assert text.buttons == VERDICT[rl]
    assert photo.caption == NOTICE[rl]["photo"].format(number=number)
    [reply] = [m for m in world.emulator.history(desk.one.chat_id) if "photo" in m.extra]
    sent_photo = reply.extra["photo"][-1]["file_id"]
    assert photo.extra["photo"][0]["file_id"] == sent_photo
    [now] = await cards_of(world, number)
    assert now.buttons == []
    [entry] = await audit_of(world, number)
    assert entry[3] == {"status": "resolved", "photo": sent_photo, "by": NAMES[ONE]}


async def test_resolve_with_a_template_and_without_a_photo(world: World, ml: str) -> None:
    desk = await staff(world, ml)
    await add_template(world, TEMPLATE["kk"], TEMPLATE["ru"])
    resident = await world.resident(1001, "ru")
    number = await filed(world, resident, "ru")
    await desk.one.press(BUTTONS[ml]["res"])
    await desk.one.press(template_button(ml))
    await desk.one.press(ASK[ml]["as_is"])
    told = len(resident.inbox)

    await desk.one.press(ASK[ml]["no_photo"])
    assert resident.inbox[told:] == []  # not before Confirm
    await confirm(desk.one, ml)

    [text] = resident.inbox[told:]
    assert NOTICE["ru"]["comment"].format(comment=TEMPLATE["ru"]) in text.content
    assert (await need_row(world, number)).status == "resolved"


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_route_to_a_department(world: World, rl: str, ml: str) -> None:
    desk = await staff(world, ml)
    await add_department(world, "Энергетика басқармасы", "Управление энергетики", ["utilities"])
    await add_department(world, "Жолдар бөлімі", "Отдел дорог", ["roads", "snow"])
    names = {"kk": "Жолдар бөлімі", "ru": "Отдел дорог"}
    others = {"kk": "Энергетика басқармасы", "ru": "Управление энергетики"}
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    t = ASK[ml]

    [question] = await desk.one.press(BUTTONS[ml]["rte"])
    assert question.content == t["route"].format(name=NAMES[ONE], number=number)
    assert question.buttons == [names[ml], others[ml], SAY[ml]["stop"]]  # roads' own first

    await desk.one.press(names[ml], question)

    assert desk.one.answers()[-1] == t["routed"].format(number=number, department=names[ml])
    assert resident.last.content == (
        NOTICE[rl]["header"].format(number=number)
        + "\n\n"
        + NOTICE[rl]["routed"].format(department=names[rl])
    )
    [now] = await cards_of(world, number)
    need = await need_row(world, number)
    at = await latest_action_at(world, number)
    shown = (t["routed_shown"].format(department=names[ml]), NAMES[ONE])
    assert now.content == card(world, ml, need, department=names[ml], last=shown, last_at=at)
