"""``/queue`` with its filters and pages, the overdue flag on cards and in the queue, and
answer deadlines counted in working days (weekends and Kazakhstan's holidays skipped)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from models import Need, NeedStatus
from models.base import utcnow
from services.statuses import change_status
from tests.e2e.conftest import World
from tests.e2e.desk.kit import (
    BUTTONS,
    CARD,
    SAY,
    STATUS,
    accept,
    card,
    cards_of,
    confirm,
    need_row,
    staff,
)
from tests.e2e.needs_kit import filed, submit_direct

LANGUAGES = pytest.mark.parametrize("ml", ["kk", "ru"], indirect=True)
Q = {
    "kk": {
        "head": "📋 Кезек: ашық өтініштер — {total}. {pages} беттің {page}-беті.",
        "filters": "Сүзгілер: мәртебесі — {s}; санаты — {c}; ауданы — {d}; тек мерзімі "
        "өткендер — {o}.",
        "all": "барлығы",
        "yes": "иә",
        "no": "жоқ",
        "line": "{number} · {status} · {category} · {district} · бір тәуліктен аз",
        "overdue": " · ⏰ Мерзімі өтті",
        "none": "Бұл сүзгілерге сай ашық өтініш жоқ.",
        "off": "⏰ Тек мерзімі өткендер: өшірулі",
        "on": "⏰ Тек мерзімі өткендер: қосулы",
        "all_open": "Барлық ашық өтініштер",
        "every": "Барлығы",
        "roads": "Жолдар мен тротуарлар",
        "snow": "Қар тазалау",
        "almaly": "Алмалы ауданы",
        "medeu": "Медеу ауданы",
    },
    "ru": {
        "head": "📋 Очередь: открытых — {total}. Страница {page} из {pages}.",
        "filters": "Фильтры: статус — {s}; категория — {c}; район — {d}; только просроченные "
        "— {o}.",
        "all": "все",
        "yes": "да",
        "no": "нет",
        "line": "{number} · {status} · {category} · {district} · меньше суток",
        "overdue": " · ⏰ Просрочено",
        "none": "Нет открытых обращений, подходящих под эти фильтры.",
        "off": "⏰ Только просроченные: выкл.",
        "on": "⏰ Только просроченные: вкл.",
        "all_open": "Все открытые",
        "every": "Все",
        "roads": "Дороги и тротуары",
        "snow": "Уборка снега",
        "almaly": "Алмалинский район",
        "medeu": "Медеуский район",
    },
}


FILTERS = {"kk": ["Мәртебе ▾", "Санат ▾", "Аудан ▾"], "ru": ["Статус ▾", "Категория ▾", "Район ▾"]}


async def set_deadline(world: World, need_id: int, at: datetime) -> None:
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(update(Need).where(Need.id == need_id).values(deadline_at=at))


def page_text(ml: str, total: int, page: int, pages: int, lines: list[str], **rules: str) -> str:
    q = Q[ml]
    values = {"s": q["all"], "c": q["all"], "d": q["all"], "o": q["no"]} | rules
    head = q["head"].format(total=total, page=page, pages=pages)
    return "\n".join([head, q["filters"].format(**values), "", *lines])


@LANGUAGES
async def test_queue_filters_and_pages(world: World, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, "ru")
    roads = [await submit_direct(world, resident.id) for _ in range(7)]
    snow = [
        await submit_direct(world, resident.id, category="snow", district="medeu")
        for _ in range(3)
    ]
    async with world.kenes.sessionmaker() as session:
        await change_status(session, snow[0].id, NeedStatus.ACCEPTED, actor="staff:1")
    late = roads[5]
    await set_deadline(world, late.id, utcnow() - timedelta(minutes=5))
    q, status = Q[ml], STATUS[ml]

    def line(need: Need, overdue: bool = False) -> str:
        category, district = ("snow", "medeu") if need in snow else ("roads", "almaly")
        state = "accepted" if need is snow[0] else "new"
        text = q["line"].format(
            number=need.number, status=status[state], category=q[category], district=q[district]
        )
        return text + (q["overdue"] if overdue else "")

    order = [late, *[n for n in roads if n is not late], *snow]
    shown = [line(late, overdue=True)] + [line(n) for n in order[1:8]]
    [first] = await desk.one.send("/queue")

    assert first.content == page_text(ml, 10, 1, 2, shown)
    assert first.buttons == [
        *(f"📄 {n.number}" for n in order[:8]), "▶️", *FILTERS[ml], q["off"],
    ]  # fmt: skip

    await desk.one.press("▶️", first)
    assert first.content == page_text(ml, 10, 2, 2, [line(snow[1]), line(snow[2])])
    await desk.one.press(FILTERS[ml][0], first)
    open_statuses = ("new", "accepted", "in_progress", "reopened")
    assert first.buttons == [q["all_open"], *(status[s] for s in open_statuses)]
    await desk.one.press(status["accepted"], first)
    assert first.content == page_text(ml, 1, 1, 1, [line(snow[0])], s=status["accepted"])
    await desk.one.press(FILTERS[ml][1], first)
    transport = {"kk": "Қоғамдық көлік", "ru": "Общественный транспорт"}[ml]
    assert first.buttons[:3] == [q["every"], transport, q["roads"]]
    await desk.one.press(q["roads"], first)
    assert first.content == page_text(ml, 0, 1, 1, [q["none"]], s=status["accepted"], c=q["roads"])
    await desk.one.press(FILTERS[ml][0], first)
    await desk.one.press(q["all_open"], first)
    await desk.one.press(FILTERS[ml][2], first)
    await desk.one.press(q["almaly"], first)
    assert first.content == page_text(
        ml, 7, 1, 1, [line(n, overdue=n is late) for n in order[:7]],
        c=q["roads"], d=q["almaly"],
    )  # fmt: skip
    await desk.one.press(q["off"], first)
    assert first.content == page_text(
        ml, 1, 1, 1, [line(late, overdue=True)], c=q["roads"], d=q["almaly"], o=q["yes"]
    )
    assert q["on"] in first.buttons

    before = len(desk.one.inbox)
    await desk.one.press(f"📄 {late.number}", first)  # a copy of the card, here

    [copy] = desk.one.inbox[before:]
    need = await need_row(world, late.number)
    assert copy.content == card(world, ml, need, overdue=True)
    assert await cards_of(world, late.number) == [copy]


@LANGUAGES
async def test_an_overdue_card_is_flagged_by_the_queue_job(world: World, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, "kk")
    number = await filed(world, resident, "kk")
    need = await need_row(world, number)
    [posted] = await cards_of(world, number)
    await set_deadline(world, need.id, utcnow() - timedelta(minutes=1))
    job = world.kenes.dispatcher["desk"]

    await job.tick()
    await world.settle()

    need = await need_row(world, number)
    assert posted.content == card(world, ml, need, overdue=True)
    assert posted.content.startswith(CARD[ml]["need"].format(number=number) + CARD[ml]["overdue"])
    edits = len(posted.edits)
    await job.tick()  # flagged once, not again
    assert len(posted.edits) == edits
    await accept(desk.one, ml, posted)
    assert CARD[ml]["overdue"] in posted.content  # still open: still overdue
    await desk.one.press(BUTTONS[ml]["rej"], posted)
    await desk.one.press(desk.one.last.buttons[0])
    [done] = await confirm(desk.one, ml)
    assert CARD[ml]["overdue"] not in posted.content  # closed: no longer waiting
    assert done.content == SAY[ml]["done"].format(number=number, status=STATUS[ml]["rejected"])


DUE = {"kk": "2026 жылғы 15 сәуір, 18:00", "ru": "15 апреля 2026 г., 18:00"}


@LANGUAGES
async def test_a_deadline_skips_weekends_and_nauryz(
    world: World, ml: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, ml)
    friday = datetime(2026, 3, 20, 5, 30, tzinfo=UTC)  # Friday 10:30 in Almaty
    monkeypatch.setattr("services.needs.utcnow", lambda: friday)

    number = await filed(world, resident, ml)

    registered = [m.content for m in resident.inbox if number in m.content][-1]
    assert DUE[ml] in registered  # 21-25 March off, 15 working days: 15 April
    [posted] = await cards_of(world, number)
    assert CARD[ml]["due"].format(date=DUE[ml]) in posted.content.splitlines()
    assert desk.one.inbox[-1] == posted
