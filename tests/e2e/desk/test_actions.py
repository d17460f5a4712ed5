"""Each button of a card, pressed in the moderators' group: the card is edited in place to
the new status with who acted and when, the resident is told in their own language (a
listed reason in theirs, a typed one as typed, escaped), and the moderator is answered."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import World
from tests.e2e.desk.kit import (
    BUTTONS,
    CROSSED,
    EVERY_PAIR,
    NAMES,
    NOTICE,
    ONE,
    SAY,
    STATUS,
    TWO,
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
    when,
)
from tests.e2e.needs_kit import filed, submit_direct

REASONS = {
    "kk": ["Түсініксіз жазылған", "Әкімдікке арналған өтініш емес", "Қорлау не балағат сөздер"],
    "ru": [
        "Изложено неясно",
        "Не является обращением к акимату",
        "Оскорбления или нецензурная брань",
    ],
}
NO_REQUEST = {
    "kk": "хабарламада әкімдікке арналған өтініш жоқ",
    "ru": "сообщение не содержит обращения к акимату",
}
ASK_REASON = {
    "kk": "{name}, {number} өтініші неліктен қабылданбайды? Себепті таңдаңыз немесе өзіңіз "
    "жазыңыз.",
    "ru": "{name}, почему отклоняется обращение {number}? Выберите причину или напишите свою.",
}
ASK_OWN = {
    "kk": "{name}, өзіңіз жазыңыз (3-тен 500 таңбаға дейін).",
    "ru": "{name}, напишите её (от 3 до 500 символов).",
}
TOO_SHORT = {
    "kk": "Сөзбен 3-тен 500 таңбаға дейін жазыңыз.",
    "ru": "Пожалуйста, напишите от 3 до 500 символов, словами.",
}


@pytest.mark.parametrize(("rl", "ml"), EVERY_PAIR, indirect=["ml"])
async def test_accept_then_in_progress_edit_the_card_and_tell_the_resident(
    world: World, rl: str, ml: str
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    [posted] = await cards_of(world, number)
    need = await need_row(world, number)
    told = len(resident.inbox)

    [question] = await desk.one.press(BUTTONS[ml]["acc"], posted)
    assert await desk.one.press(SAY[ml]["category_only"], question) == []  # the card is edited

    [now] = await cards_of(world, number)
    assert now.message_id == posted.message_id
    accepted = (STATUS[ml]["accepted"], NAMES[ONE])
    at = await latest_action_at(world, number)
    assert now.content == card(world, ml, need, status="accepted", last=accepted, last_at=at)
    assert now.buttons == open_buttons(ml, "accepted")
    assert desk.one.answers()[-1] == SAY[ml]["done"].format(
        number=number, status=STATUS[ml]["accepted"]
    )
    deadline = NOTICE[rl]["accepted"].format(deadline=when(need.deadline_at, rl, world))
    assert [m.content for m in resident.inbox[told:]] == [notice(rl, number, "accepted", deadline)]

    await desk.two.press(BUTTONS[ml]["wrk"], now)

    [now] = await cards_of(world, number)
    at = await latest_action_at(world, number)
    working = (STATUS[ml]["in_progress"], NAMES[TWO])  # "Ерлан <b>": escaped, read as typed
    assert now.content == card(world, ml, need, status="in_progress", last=working, last_at=at)
    assert now.buttons == open_buttons(ml, "in_progress")
    assert resident.last.content == notice(rl, number, "in_progress", NOTICE[rl]["in_progress"])
    assert [(actor, action, before, after["status"]) for actor, action, before, after, _t in
            await audit_of(world, number)] == [
        (ONE, "need.accepted", {"status": "new"}, "accepted"),
        (TWO, "need.in_progress", {"status": "accepted"}, "in_progress"),
    ]  # fmt: skip


@pytest.mark.parametrize(("rl", "ml"), EVERY_PAIR, indirect=["ml"])
async def test_reject_with_a_listed_reason_in_the_residents_language(
    world: World, rl: str, ml: str
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)

    [question] = await desk.one.press(BUTTONS[ml]["rej"])

    assert question.content == ASK_REASON[ml].format(name=NAMES[ONE], number=number)
    assert question.buttons == [*REASONS[ml], SAY[ml]["own"], SAY[ml]["stop"]]

    [preview] = await desk.one.press(REASONS[ml][1], question)
    assert question.buttons == []  # the question's options are gone
    assert preview.content == preview_text(
        ml,
        "check_status",
        rl,
        NO_REQUEST[rl],
        name=NAMES[ONE],
        number=number,
        status=STATUS[ml]["rejected"],
    )  # fmt: skip, the reason as the author will read it

    [done] = await confirm(desk.one, ml)

    assert done.content == SAY[ml]["done"].format(number=number, status=STATUS[ml]["rejected"])
    reason = NO_REQUEST[rl]
    assert resident.last.content == notice(
        rl, number, "rejected", NOTICE[rl]["rejected"].format(reason=reason)
    )
    [now] = await cards_of(world, number)
    assert now.buttons == []  # a closed need has no actions
    assert (
        now.content.splitlines()[1]
        == {"kk": "Мәртебесі: ", "ru": "Статус: "}[ml] + (STATUS[ml]["rejected"])
    )
    [entry] = await audit_of(world, number)
    assert entry[1] == "need.rejected" and entry[4] == NO_REQUEST[rl]  # the text sent


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_reject_with_a_typed_reason(world: World, rl: str, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    [question] = await desk.one.press(BUTTONS[ml]["rej"])

    [ask] = await desk.one.press(SAY[ml]["own"], question)
    assert ask.content == ASK_OWN[ml].format(name=NAMES[ONE])
    assert ask.reply_markup == {"force_reply": True, "selective": True}
    assert [m.content for m in await desk.one.answer("аа")] == [TOO_SHORT[ml]]

    await desk.one.answer("<i>жеке</i> аумақ, not ours")
    [done] = await confirm(desk.one, ml)

    assert done.content == SAY[ml]["done"].format(number=number, status=STATUS[ml]["rejected"])
    assert resident.last.content == notice(
        rl, number, "rejected", NOTICE[rl]["rejected"].format(reason="<i>жеке</i> аумақ, not ours")
    )
    assert "&lt;i&gt;жеке" in (resident.last.html or "")
    assert await desk.two.send("another text in the group") == []  # nobody else's flow


DUPLICATE = {
    "kk": {
        "ask": "{name}, {number} өтініші қай өтінішті қайталайды? Соның нөмірін жіберіңіз, "
        "мысалы N-2026-000012.",
        "unknown": "Мұндай нөмірлі өтініш жоқ. N-2026-000012 сияқты нөмір жіберіңіз.",
        "itself": "Өтініш өзін-өзі қайталай алмайды. Басқа өтініштің нөмірін жіберіңіз.",
    },
    "ru": {
        "ask": "{name}, дубликатом какого обращения является {number}? Отправьте его номер, "
        "например "
        "N-2026-000012.",
        "unknown": "Обращения с таким номером нет. Отправьте номер вида N-2026-000012.",
        "itself": "Обращение не может дублировать само себя. Отправьте номер другого обращения.",
    },
}


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_duplicate_of_a_valid_unknown_and_the_same_number(
    world: World, rl: str, ml: str
) -> None:
    desk = await staff(world, ml)
    other = await world.resident(1002, "kk")
    original = await submit_direct(world, other.id, description="Жолда үлкен шұңқыр бар")
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    t = DUPLICATE[ml]

    [ask] = await desk.one.press(BUTTONS[ml]["dup"], (await cards_of(world, number))[0])
    assert ask.content == t["ask"].format(name=NAMES[ONE], number=number)

    assert [m.content for m in await desk.one.answer("N-2026-999999")] == [t["unknown"]]
    assert [m.content for m in await desk.one.answer("на дороге")] == [t["unknown"]]
    assert [m.content for m in await desk.one.answer(number)] == [t["itself"]]
    [preview] = await desk.one.answer(original.number.lower())
    assert preview.content == preview_text(
        ml, "check_status", name=NAMES[ONE], number=number, status=STATUS[ml]["duplicate"],
        original=original.number,
    )  # fmt: skip
    [done] = await confirm(desk.one, ml)

    assert done.content == SAY[ml]["done"].format(number=number, status=STATUS[ml]["duplicate"])
    assert resident.last.content == notice(
        rl, number, "duplicate", NOTICE[rl]["duplicate"].format(original=original.number)
    )
    [entry] = await audit_of(world, number)
    assert entry[3] == {"status": "duplicate", "duplicate_of": original.number, "by": NAMES[ONE]}


PLACES = {
    "kk": ["eOtinish порталы", "Полиция, 102 телефоны", "Шұғыл қызмет, 112 телефоны"],
    "ru": ["Портал eOtinish", "Полиция, телефон 102", "Экстренная служба, телефон 112"],
}
EOTINISH = {
    "kk": "мемлекеттік органдарға өтініш беру порталы eOtinish, eotinish.kz",
    "ru": "портал обращений в государственные органы eOtinish, eotinish.kz",
}


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_not_our_competence_says_where_to_turn(world: World, rl: str, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)

    [question] = await desk.one.press(BUTTONS[ml]["noc"])
    assert question.buttons == [*PLACES[ml], SAY[ml]["own"], SAY[ml]["stop"]]
    await desk.one.press(PLACES[ml][0], question)

    assert resident.last.content == notice(
        rl, number, "not_our_competence", NOTICE[rl]["noc"].format(where=EOTINISH[rl])
    )
    assert desk.one.answers()[-1] == SAY[ml]["done"].format(
        number=number, status=STATUS[ml]["not_our_competence"]
    )


async def test_stop_leaves_the_need_as_it_was(world: World, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, "ru")
    number = await filed(world, resident, "ru")
    told = len(resident.inbox)
    [question] = await desk.one.press(BUTTONS[ml]["rej"])

    [stopped] = await desk.one.press(SAY[ml]["stop"], question)

    assert stopped.content == "Тоқтатылды. Ештеңе өзгерген жоқ."
    assert (await need_row(world, number)).status == "new"
    assert len(resident.inbox) == told


async def test_two_moderators_in_the_middle_of_actions_in_one_group(world: World) -> None:
    desk = await staff(world, "kk")
    resident = await world.resident(1001, "ru")
    first = await filed(world, resident, "ru")
    second = await filed(world, resident, "ru", description="Фонарь не горит у дома 7, темно")
    [card_one] = await cards_of(world, first)
    [card_two] = await cards_of(world, second)
    await desk.one.press(BUTTONS["kk"]["rej"], card_one)
    await desk.one.press(SAY["kk"]["own"])  # ONE types a reason for the first need ...
    await desk.two.press(BUTTONS["kk"]["dup"], card_two)  # ... TWO a number for the second

    await desk.two.answer(first)
    await desk.one.answer("Жеке аумақ")
    [two_done] = await confirm(desk.two, "kk")
    [one_done] = await confirm(desk.one, "kk")

    assert one_done.content == SAY["kk"]["done"].format(
        number=first, status=STATUS["kk"]["rejected"]
    )
    assert two_done.content == SAY["kk"]["done"].format(
        number=second, status=STATUS["kk"]["duplicate"]
    )
    assert [(await need_row(world, n)).status for n in (first, second)] == [
        "rejected",
        "duplicate",
    ]


async def test_cancel_in_the_group_leaves_the_flow_without_a_keyboard(world: World) -> None:
    desk = await staff(world, "kk")
    resident = await world.resident(1001, "kk")
    number = await filed(world, resident, "kk")
    await desk.one.press(BUTTONS["kk"]["blk"])

    [cancelled] = await desk.one.send("/cancel")

    assert cancelled.content == "Бас тартылды. Ештеңе жіберілген жоқ."
    assert cancelled.reply_markup is None
    assert world.emulator.chats[desk.one.chat_id].reply_keyboard is None
    assert await desk.one.send("Спам") == []  # no longer asked for a reason
    assert (await need_row(world, number)).status == "new"
