"""Moderating what residents write and who may write: hiding a rating comment (and
showing it again), blocking a need's author (their next need never reaches the queue) and
unblocking them; a reopened need comes back to the queue as a new card."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from models import AuditEntry, Rating
from tests.e2e.conftest import World
from tests.e2e.desk.kit import (
    BUTTONS,
    CROSSED,
    NAMES,
    NOTICE,
    ONE,
    STATUS,
    card,
    cards_of,
    confirm,
    need_row,
    preview_text,
    staff,
    when,
)
from tests.e2e.needs_kit import T, filed
from tests.e2e.test_rate_service import rate

COMMENTS = {
    "kk": {
        "head": "💬 Бағаларға жазылған түсініктемелер: {total}. {pages} беттің {page}-беті.",
        "item": "#{id} · Қоғамдық көлік · Алмалы ауданы · {stars} · {date}",
        "hidden": "🙈 Жасырылған: {comment}",
        "hide": "🙈 Жасыру: #{id}",
        "show": "👁 Көрсету: #{id}",
        "done": "Жасырылды.",
        "shown": "Қайта көрсетілді.",
    },
    "ru": {
        "head": "💬 Комментарии к оценкам: {total}. Страница {page} из {pages}.",
        "item": "#{id} · Общественный транспорт · Алмалинский район · {stars} · {date}",
        "hidden": "🙈 Скрыт: {comment}",
        "hide": "🙈 Скрыть #{id}",
        "show": "👁 Показать #{id}",
        "done": "Скрыто.",
        "shown": "Снова показано.",
    },
}


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_a_rating_comment_is_hidden_and_shown_again(world: World, rl: str, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    await rate(resident, rl, 2)
    await resident.send("Автобус <b>келмейді</b> & жүргізуші дөрекі")
    async with world.kenes.sessionmaker() as session, session.begin():
        rating = (await session.execute(select(Rating))).scalar_one()
    c = COMMENTS[ml]
    item = c["item"].format(id=rating.id, stars="⭐⭐", date=when(rating.created_at, ml, world))
    comment = "«Автобус <b>келмейді</b> & жүргізуші дөрекі»"

    [listing] = await desk.one.send("/comments")

    assert listing.content == "\n".join(
        [c["head"].format(total=1, page=1, pages=1), "", item, comment]
    )
    assert listing.buttons == [c["hide"].format(id=rating.id)]

    await desk.one.press(c["hide"].format(id=rating.id), listing)

    assert desk.one.answers()[-1] == c["done"]
    assert listing.content.endswith(item + "\n" + c["hidden"].format(comment=comment))
    assert listing.buttons == [c["show"].format(id=rating.id)]
    await desk.two.press_data(listing, f"hid1:rating:{rating.id}:1:0")  # pressed twice
    assert desk.two.answers()[-1] == {"kk": "Бұл жасалып қойған.", "ru": "Уже сделано."}[ml]
    await desk.two.press(c["show"].format(id=rating.id), listing)
    assert desk.two.answers()[-1] == c["shown"]
    assert listing.content.endswith(item + "\n" + comment)
    async with world.kenes.sessionmaker() as session, session.begin():
        hidden = await session.scalar(select(Rating.hidden).where(Rating.id == rating.id))
        log = (
            await session.execute(
                select(AuditEntry.actor_id, AuditEntry.action, AuditEntry.after).where(
                    AuditEntry.object_type == "rating"
                )
            )
        ).all()
    assert hidden is False
    assert [tuple(row) for row in log] == [
        (ONE, "rating.hide", {"hidden": True, "by": NAMES[ONE]}),
        (5002, "rating.show", {"hidden": False, "by": NAMES[5002]}),
    ]
    await resident.press_data(resident.last, f"hid1:rating:{rating.id}:1:0")
    assert (
        resident.answers()[-1]
        == {
            "kk": "Бұл тек әкімдік қызметкерлеріне арналған.",
            "ru": "Это доступно только сотрудникам акимата.",
        }[rl]
    )


BLOCK = {
    "kk": {
        "ask": "{name}, {number} өтінішінің авторы неліктен бұғатталады? Себебін жазыңыз "
        "(3-тен 500 таңбаға дейін): автор оны оқиды.",
        "done": "Орындалды: автор бұғатталды. Оның жаңа өтініштері кезекке түспейді. "
        "Бұғатталғандар тізімі — /blocked.",
        "list": "🚫 Бұғатталған тұрғындар: {total}. {pages} беттің {page}-беті.",
        "item": "#{id} · бұғатталған уақыты: {date} · соңғы өтініші: {number}",
        "reason": "Себебі: {reason}",
        "unblock": "✅ Бұғаттан шығару: #{id}",
        "unblocked": "Бұғаттан шығарылды: тұрғынға хабарланды.",
        "nobody": "Бұғатталған ешкім жоқ.",
    },
    "ru": {
        "ask": "{name}, почему блокируется автор обращения {number}? Напишите причину (от 3 до "
        "500 символов): он её прочитает.",
        "done": "Готово: автор заблокирован. Его новые обращения не попадут в очередь. Список "
        "заблокированных — /blocked.",
        "list": "🚫 Заблокированные жители: {total}. Страница {page} из {pages}.",
        "item": "#{id} · с {date} · последнее обращение: {number}",
        "reason": "Причина: {reason}",
        "unblock": "✅ Разблокировать #{id}",
        "unblocked": "Разблокирован: житель уведомлён.",
        "nobody": "Заблокированных нет.",
    },
}


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_block_and_unblock_the_author(world: World, rl: str, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    b = BLOCK[ml]

    [ask] = await desk.one.press(BUTTONS[ml]["blk"], (await cards_of(world, number))[0])
    assert ask.content == b["ask"].format(name=NAMES[ONE], number=number)
    [check] = await desk.one.answer("Спам <жарнама>")
    assert check.content == preview_text(
        ml, "check_block", rl, "Спам <жарнама>", name=NAMES[ONE], number=number
    )
    [done] = await confirm(desk.one, ml)

    assert done.content == b["done"]
    reason = "Спам <жарнама>"
    assert resident.last.content == NOTICE[rl]["blocked"].format(reason=reason)
    [posted] = await cards_of(world, number)
    need = await need_row(world, number)
    assert posted.content == card(world, ml, need, blocked=True)
    before = len(desk.one.inbox)

    [refused] = await resident.tap(T[rl]["report"])  # blocked: no new need at all

    assert refused.content == NOTICE[rl]["blocked"].format(reason=reason)
    assert len(desk.one.inbox) == before  # nothing reached the queue
    author = need.resident_id
    [listing] = await desk.one.send("/blocked")
    assert listing.content == "\n".join(
        [
            b["list"].format(total=1, page=1, pages=1),
            "",
            b["item"].format(
                id=author, date=when(await _blocked_at(world, author), ml, world), number=number
            ),
            b["reason"].format(reason=reason),
        ]
    )
    assert listing.buttons == [b["unblock"].format(id=author)]

    await desk.one.press(b["unblock"].format(id=author), listing)

    assert desk.one.answers()[-1] == b["unblocked"]
    assert listing.content.splitlines()[1] == b["nobody"]
    assert resident.last.content == NOTICE[rl]["unblocked"]
    second = await filed(world, resident, rl)  # allowed again, and posted again
    assert (await cards_of(world, second))[0] == desk.one.inbox[-1]


async def _blocked_at(world: World, resident_id: int | None) -> Any:
    from models import Resident

    async with world.kenes.sessionmaker() as session, session.begin():
        return await session.scalar(select(Resident.blocked_at).where(Resident.id == resident_id))


REOPEN = {
    "kk": ("❌ Шешілмеді", "Шұңқыр әлі де бар"),
    "ru": ("❌ Не решено", "Яма всё ещё на месте"),
}


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_a_reopened_need_is_posted_again(world: World, rl: str, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    [first] = await cards_of(world, number)
    await desk.one.press(BUTTONS[ml]["res"], first)
    await desk.one.press({"kk": "✍️ Өзім жазамын", "ru": "✍️ Написать свой вариант"}[ml])
    await desk.one.answer("Жөнделді / Отремонтировано")
    await desk.one.press({"kk": "⏭ Фотосуретсіз", "ru": "⏭ Без фото"}[ml])
    await confirm(desk.one, ml)
    not_solved, comment = REOPEN[rl]

    await resident.press(not_solved)
    await resident.send(comment)

    old, new = await cards_of(world, number)
    assert old == first and new == desk.one.inbox[-1]
    for copy in (old, new):
        assert copy.content.splitlines()[1].endswith(STATUS[ml]["reopened"])
        assert copy.buttons[:2] == [BUTTONS[ml]["acc"], BUTTONS[ml]["wrk"]]
