"""Who may act, checked at every press against the database: a resident's forged or
replayed button, a removed moderator's press or typed step, two moderators pressing at the
same moment (one wins, the resident hears once), buttons of a card that is out of date."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from keyboards.moderation import CardAction, Choice
from models import AuditEntry
from services import pseudonym
from tests.e2e.conftest import World
from tests.e2e.desk.kit import (
    BUTTONS,
    GROUP,
    NOTICE,
    ONE,
    SAY,
    STATUS,
    TWO,
    accept,
    audit_of,
    cards_of,
    confirm,
    need_row,
    notice,
    own_preview,
    staff,
    when,
)
from tests.e2e.needs_kit import filed
from tests.e2e.staff import ADMIN, dismiss

LANGUAGES = pytest.mark.parametrize("ml", ["kk", "ru"], indirect=True)


async def refusals(world: World) -> list[tuple[Any, ...]]:
    async with world.kenes.sessionmaker() as session, session.begin():
        rows = await session.execute(
            select(AuditEntry).where(AuditEntry.action == "access.refused").order_by(AuditEntry.id)
        )
        return [
            (e.actor_id or e.actor_pseudonym, e.actor_role, e.object_id, e.after)
            for e in rows.scalars()
        ]


@LANGUAGES
async def test_a_residents_forged_and_replayed_buttons_are_refused_and_logged(
    world: World, ml: str
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, ml)
    number = await filed(world, resident, ml)
    need = await need_row(world, number)
    told = len(resident.inbox)
    forged = CardAction(need_id=need.id, action="acc", seen="new").pack()
    reason = Choice(need_id=need.id, action="rej", seen="new", option="offensive").pack()

    assert await resident.press_data(resident.last, forged) == []
    assert await resident.press_data(resident.last, reason) == []
    [posted] = await cards_of(world, number)  # a resident in the moderators' group
    world.emulator.group(GROUP, "", [1001])
    world.emulator.press(1001, posted, posted.button(BUTTONS[ml]["acc"])["callback_data"])
    await world.settle()

    assert resident.answers()[-3:] == [SAY[ml]["staff_only"]] * 3
    alerts = [q["answer"] for q in world.emulator.callbacks.values() if q["user_id"] == 1001]
    assert [a["show_alert"] for a in alerts[-3:]] == [True, True, True]
    assert (await need_row(world, number)).status == "new"
    assert len(resident.inbox) == told
    assert await audit_of(world, number) == []
    required = {"required": "moderator"}
    assert (await refusals(world))[-3:] == [
        (pseudonym.of(1001), None, "button:" + forged, required),
        (pseudonym.of(1001), None, "button:" + reason, required),
        (pseudonym.of(1001), None, "button:" + forged, required),
    ]
    assert desk.one.inbox[-1] == (await cards_of(world, number))[0]  # nothing said in the group


@LANGUAGES
async def test_a_removed_moderator_is_refused_at_the_next_press_and_step(
    world: World, ml: str
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, "ru")
    number = await filed(world, resident, "ru")
    [question] = await desk.one.press(BUTTONS[ml]["rej"])
    await desk.one.press(SAY[ml]["own"], question)  # ONE is typing a reason ...
    told = len(resident.inbox)

    await dismiss(desk.admin, ml, ONE)  # ... when they are removed
    await dismiss(desk.admin, ml, TWO)

    assert [m.content for m in await desk.one.answer("спам, not a need")] == [
        SAY[ml]["staff_only"]
    ]
    assert await desk.one.answer("still typing") == []  # out of the flow: ignored in the group
    assert await desk.two.press(BUTTONS[ml]["acc"], (await cards_of(world, number))[0]) == []
    assert desk.two.answers()[-1] == SAY[ml]["staff_only"]
    assert (await need_row(world, number)).status == "new"
    assert len(resident.inbox) == told
    assert [(actor, role, what) for actor, role, what, _ in await refusals(world)] == [
        (pseudonym.of(ONE), None, "message:text"),
        (pseudonym.of(TWO), None, "button:" + (await cards_of(world, number))[0].button(
            BUTTONS[ml]["acc"])["callback_data"]),
    ]  # fmt: skip


@pytest.mark.parametrize(("rl", "ml"), [("kk", "ru"), ("ru", "kk")], indirect=["ml"])
async def test_two_moderators_press_at_the_same_moment_and_one_wins(
    world: World, rl: str, ml: str
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    [posted] = await cards_of(world, number)
    told = len(resident.inbox)
    [question] = await desk.one.press(BUTTONS[ml]["acc"], posted)  # what will be public?
    accept = question.button(SAY[ml]["category_only"])["callback_data"]
    progress = posted.button(BUTTONS[ml]["wrk"])["callback_data"]

    world.emulator.press(ONE, question, accept)  # both presses wait for the bot together
    world.emulator.press(TWO, posted, progress)
    await world.settle()

    need = await need_row(world, number)
    winner = ONE if need.status == "accepted" else TWO
    loser = TWO if winner == ONE else ONE
    assert need.status in {"accepted", "in_progress"}
    people = {ONE: desk.one, TWO: desk.two}
    assert people[winner].answers()[-1] == SAY[ml]["done"].format(
        number=number, status=STATUS[ml][need.status]
    )
    assert people[loser].answers()[-1] == SAY[ml]["already"].format(
        number=number, status=STATUS[ml][need.status]
    )
    body = (
        NOTICE[rl]["accepted"].format(deadline=when(need.deadline_at, rl, world))
        if need.status == "accepted"
        else NOTICE[rl]["in_progress"]
    )
    assert [m.content for m in resident.inbox[told:]] == [notice(rl, number, need.status, body)]
    assert [(actor, action) for actor, action, *_ in await audit_of(world, number)] == [
        (winner, f"need.{need.status}")
    ]
    [now] = await cards_of(world, number)
    assert STATUS[ml][need.status] in now.content.splitlines()[1]


@LANGUAGES
async def test_the_same_button_pressed_by_both_at_once(world: World, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, "kk")
    number = await filed(world, resident, "kk")
    [posted] = await cards_of(world, number)
    told = len(resident.inbox)
    [one] = await desk.one.press(BUTTONS[ml]["acc"], posted)  # both choose what is public
    [two] = await desk.two.press(BUTTONS[ml]["acc"], posted)

    for user_id, question in ((ONE, one), (TWO, two)):
        accept = question.button(SAY[ml]["category_only"])["callback_data"]
        world.emulator.press(user_id, question, accept)
    await world.settle()

    answers = sorted([str(desk.one.answers()[-1]), str(desk.two.answers()[-1])])
    status = STATUS[ml]["accepted"]
    assert answers == sorted(
        [
            SAY[ml]["done"].format(number=number, status=status),
            SAY[ml]["already"].format(number=number, status=status),
        ]
    )
    assert len(resident.inbox) == told + 1
    assert len(await audit_of(world, number)) == 1


@LANGUAGES
async def test_a_confirm_pressed_twice_sends_one_answer(world: World, ml: str) -> None:
    """An answer changes no status, so nothing but the step itself stops a second send: a
    double tap (two presses at once) and a press of the same data later send it once."""
    desk = await staff(world, ml)
    resident = await world.resident(1001, "kk")
    number = await filed(world, resident, "kk")
    told = len(resident.inbox)
    await desk.one.press(BUTTONS[ml]["rpl"])
    await desk.one.press(SAY[ml]["own"])
    await desk.one.answer("Ертең келеміз")
    preview = own_preview(desk.one, ml)
    data = preview.button(SAY[ml]["confirm"])["callback_data"]

    world.emulator.press(ONE, preview, data)
    world.emulator.press(ONE, preview, data)
    await world.settle()
    await desk.one.press_data(preview, data)

    assert len(resident.inbox) == told + 1
    assert desk.one.answers()[-1] == SAY[ml]["stale"]
    assert [entry[1] for entry in await audit_of(world, number)] == ["need.reply"]


@LANGUAGES
async def test_stale_buttons_get_a_polite_answer_and_change_nothing(world: World, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, "ru")
    number = await filed(world, resident, "ru")
    [posted] = await cards_of(world, number)
    accept = posted.button(BUTTONS[ml]["acc"])["callback_data"]
    [question] = await desk.one.press(BUTTONS[ml]["rej"], posted)  # ONE is about to reject
    await desk.two.press(BUTTONS[ml]["wrk"], posted)  # TWO is first with another action
    told = len(resident.inbox)

    reason = question.buttons[0]
    await desk.one.press(reason, question)  # the reason list was made for a new need
    assert desk.one.answers()[-1] == SAY[ml]["already"].format(
        number=number, status=STATUS[ml]["in_progress"]
    )
    await desk.two.press(BUTTONS[ml]["res"])
    await desk.two.press(SAY[ml]["own"])
    await desk.two.answer("Сделано / Жасалды")
    await desk.two.press({"kk": "⏭ Фотосуретсіз", "ru": "⏭ Без фото"}[ml])
    await confirm(desk.two, ml)
    told = len(resident.inbox)

    await desk.one.press_data(posted, accept)  # Accept from a view of the card before

    assert desk.one.answers()[-1] == SAY[ml]["already"].format(
        number=number, status=STATUS[ml]["resolved"]
    )
    assert (await need_row(world, number)).status == "resolved"
    assert len(resident.inbox) == told
    await desk.one.press_data(posted, "mq1:999999:acc:new")  # a need that does not exist
    assert (
        desk.one.answers()[-1]
        == {
            "kk": "Бұл өтініш енді жоқ.",
            "ru": "Этого обращения больше нет.",
        }[ml]
    )
    await desk.one.press_data(posted, "mq1:1:zzz:new")  # an action that does not exist
    assert desk.one.answers()[-1] == SAY[ml]["stale"]


AUDIT = {
    "kk": {
        "head": "{number} өтініші бойынша әрекеттер журналы: {count}. {pages} беттің {page}-беті.",
        "filed": "Жіберілген күні: {date}",
        "line": "• {date} — {who} (рөлі: {role}): {action}",
        "moderator": "модератор",
        "admin": "әкімші",
        "sent": "    Жіберілген мәтін: {text}",
        "usage": "/audit командасын өтініш нөмірімен жіберіңіз, мысалы: /audit N-2026-000012",
        "answer": "💬 Жауап жіберілді",
    },
    "ru": {
        "head": "Журнал действий по обращению {number}: {count}. Страница {page} из {pages}.",
        "filed": "Подано: {date}",
        "line": "• {date} — {who} (роль: {role}): {action}",
        "moderator": "модератор",
        "admin": "администратор",
        "sent": "    Отправленный текст: {text}",
        "usage": "Отправьте /audit с номером обращения, например: /audit N-2026-000012",
        "answer": "💬 Отправлен ответ",
    },
}


@LANGUAGES
async def test_audit_shows_the_history_of_a_need_page_by_page(world: World, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, "kk")
    number = await filed(world, resident, "kk")
    await accept(desk.one, ml)
    for n in range(5):
        await desk.two.press(BUTTONS[ml]["rpl"], (await cards_of(world, number))[0])
        await desk.two.press(SAY[ml]["own"])
        await desk.two.answer(f"Жауап <{n}>")
        await confirm(desk.two, ml)
    t = AUDIT[ml]
    need = await need_row(world, number)
    async with world.kenes.sessionmaker() as session, session.begin():
        moments = list(
            (
                await session.execute(
                    select(AuditEntry.at)
                    .where(AuditEntry.object_type == "need")
                    .order_by(AuditEntry.id)
                )
            ).scalars()
        )
    status = {"kk": "🆕 Жаңа → 📥 Қабылданды", "ru": "🆕 Новое → 📥 Принято"}[ml]

    [first] = await desk.admin.send(f"/audit {number}")

    assert first.content == "\n".join(
        [
            t["head"].format(number=number, count=6, page=1, pages=2),
            t["filed"].format(date=when(need.created_at, ml, world)),
            t["line"].format(
                date=when(moments[0], ml, world), who="Айгерім", role=t["moderator"],
                action=STATUS[ml]["accepted"],
            ) + f" ({status})",
            *(
                t["line"].format(
                    date=when(moments[n + 1], ml, world), who="Ерлан <b>", role=t["moderator"],
                    action=t["answer"],
                ) + "\n" + t["sent"].format(text=f"Жауап <{n}>")
                for n in range(4)
            ),
        ]
    )  # fmt: skip
    assert first.buttons == ["▶️"]
    await desk.admin.press("▶️")
    assert desk.admin.last.content.splitlines()[0] == t["head"].format(
        number=number, count=6, page=2, pages=2
    )
    assert desk.admin.last.content.splitlines()[-1] == t["sent"].format(text="Жауап <4>")
    assert desk.admin.last.buttons == ["◀️"]
    assert [m.content for m in await desk.one.send("/audit")] == [t["usage"]]
    assert [m.content for m in await desk.one.send("/audit N-2026-999999")] == [t["usage"]]
    assert [m.content for m in await resident.send(f"/audit {number}")] == [
        {"kk": "Бұл тек әкімдік қызметкерлеріне арналған.",
         "ru": "Это доступно только сотрудникам акимата."}["kk"]
    ]  # fmt: skip
    assert ADMIN not in {actor for actor, *_ in await audit_of(world, number)}
