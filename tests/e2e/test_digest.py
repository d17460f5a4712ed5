"""The moderators' digest and the export alerts, as staff see them in Telegram (the emulator):
in the moderators' group in KENES_DEFAULT_LANGUAGE, or privately in each one's language; the
chart is a PNG and the spreadsheet an XLSX whose cells hold the period's figures."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from models import Need, NeedEvent, Rating, Resident
from services.periods import Granularity, parse
from tests.e2e import digest_participation as participation
from tests.e2e import digest_pulse as pulse
from tests.e2e.conftest import World
from tests.export_kit import local

GROUP = -100777
DAY = parse("2025-11-26")
TEXTS = {
    "kk": (
        "📊 Күнделікті шолу: 2025 жылғы 26 қараша\n\n"
        "Жаңа өтініштер: 3\n"
        "Санаттар бойынша:\n"
        "• Жолдар мен тротуарлар: 2\n"
        "• Қоқыс және тазалық: 1\n"
        "Аудандар бойынша:\n"
        "• Алмалы ауданы: 2\n"
        "• Медеу ауданы: 1\n\n"
        "Кезең соңында ашық өтініштер: 3, оның ішінде мерзімі өткені: 2\n\n"
        "Қызметтерді бағалау (орташа балл, өзгерісі):\n"
        "• Қоғамдық көлік: 2 (1 баға), алдыңғы кезеңде бағаланбаған\n"
        "• Жолдар: 4,5 (2 баға), ▲ +1,5" + participation.TEXTS["kk"] + pulse.TEXTS["kk"]
    ),
    "ru": (
        "📊 Ежедневная сводка: 26 ноября 2025 г.\n\n"
        "Новых обращений: 3\n"
        "По категориям:\n"
        "• Дороги и тротуары: 2\n"
        "• Мусор и уборка: 1\n"
        "По районам:\n"
        "• Алмалинский район: 2\n"
        "• Медеуский район: 1\n\n"
        "Открыто на конец периода: 3, из них просрочено: 2\n\n"
        "Оценки услуг (средняя, изменение):\n"
        "• Общественный транспорт: 2 (1 оценка), в прошлом периоде оценок не было\n"
        "• Дороги: 4,5 (2 оценки), ▲ +1,5" + participation.TEXTS["ru"] + pulse.TEXTS["ru"]
    ),
}
CAPTIONS = {
    "kk": (
        "Диаграмма түрінде: Күнделікті шолу: 2025 жылғы 26 қараша",
        "Кезең көрсеткіштері кесте түрінде: Күнделікті шолу: 2025 жылғы 26 қараша",
    ),
    "ru": (
        "Диаграмма: Ежедневная сводка: 26 ноября 2025 г.",
        "Показатели периода в таблице: Ежедневная сводка: 26 ноября 2025 г.",
    ),
}
HEADERS = {
    "kk": ["Аудан", "Санат", "Түскені", "Қабылданды", "Қабылданбады", "Шешілді"],
    "ru": ["Район", "Категория", "Поступило", "Принято", "Отклонено", "Решено"],
}


async def seed(world: World) -> None:
    """Three new needs on 26 November 2025 and an old open one; ratings that day and the
    day before; a poll that closed that day and hearings around the week after it; the
    pulses of two quarters before it and of one after it. The
    scheduled jobs are paused first (the catch-up that ran at start-up, on an empty
    database, has finished): this test runs the exporter itself."""
    world.kenes.scheduler.pause()
    await world.kenes.dispatcher["exports"].idle()
    async with world.kenes.sessionmaker() as session, session.begin():
        people = [
            Resident(telegram_id=5000 + n, language="kk", consent_at=local(2025, 11, 1))
            for n in range(3)
        ]
        session.add_all(people)
        await session.flush()
        rows: list[tuple[Any, ...]] = [
            (1, "roads", "almaly", local(2025, 11, 26, 10), local(2025, 11, 26, 18), []),
            (2, "roads", "medeu", local(2025, 11, 26, 11), local(2025, 12, 10), ["accepted"]),
            (3, "waste", "almaly", local(2025, 11, 26, 12), local(2025, 12, 10), ["resolved"]),
            (4, "roads", "almaly", local(2025, 11, 20, 12), local(2025, 11, 21), []),
        ]
        for number, category, district, created, deadline, changes in rows:
            status = changes[-1] if changes else "new"
            session.add(
                Need(
                    id=number,
                    number=f"N-2025-{number:06d}",
                    draft_key=f"d{number}",
                    resident_id=people[number % 3].id,
                    category=category,
                    district=district,
                    description=f"text {number}",
                    status=status,
                    deadline_at=deadline,
                    created_at=created,
                    updated_at=created,
                )
            )
            await session.flush()
            session.add(NeedEvent(need_id=number, actor="resident", to_status="new", at=created))
            for change in changes:
                session.add(
                    NeedEvent(
                        need_id=number,
                        actor="staff:900",
                        from_status="new",
                        to_status=change,
                        at=created + timedelta(hours=1),
                    )
                )
        for service, score, moment in [
            ("roads", 4, local(2025, 11, 26, 9)),
            ("roads", 5, local(2025, 11, 26, 10)),
            ("public_transport", 2, local(2025, 11, 26, 11)),
            ("roads", 3, local(2025, 11, 25, 9)),
        ]:
            session.add(
                Rating(
                    resident_id=people[0].id,
                    service=service,
                    district="almaly",
                    score=score,
                    created_at=moment,
                )
            )
        ids = [person.id for person in people]
    await participation.seed(world.kenes.sessionmaker, ids)
    await pulse.seed(world.kenes.sessionmaker, list(pulse.PULSES))


def check_documents(world: World, chat_id: int, language: str) -> None:
    text, photo, document = world.emulator.bot_messages(chat_id)[-3:]
    assert text.content == TEXTS[language]
    assert (photo.caption, document.caption) == CAPTIONS[language]
    png = world.emulator.files[photo.extra["photo"][0]["file_id"]].data
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    stored = world.emulator.files[document.extra["document"]["file_id"]]
    assert stored.file_name == "kenes-digest-day-2025-11-26.xlsx"
    book = load_workbook(io.BytesIO(stored.data))
    needs = book.worksheets[0]
    assert [cell.value for cell in needs[1]][:6] == HEADERS[language]
    district = "Алмалы ауданы" if language == "kk" else "Алмалинский район"
    category = "Жолдар мен тротуарлар" if language == "kk" else "Дороги и тротуары"
    rows = {(r[0], r[1]): r for r in needs.iter_rows(min_row=2, values_only=True)}
    #                       submitted accepted rejected resolved dup noc reopened open overdue
    assert rows[(district, category)][2:11] == (1, 0, 0, 0, 0, 0, 0, 2, 2)
    ratings = book.worksheets[1]
    assert [r[1:4] for r in ratings.iter_rows(min_row=2, values_only=True)] == [
        ("Қоғамдық көлік" if language == "kk" else "Общественный транспорт", 1, 2.0),
        ("Жолдар" if language == "kk" else "Дороги", 2, 4.5),
    ]
    title, headers, names = pulse.SHEET[language]
    sheet = book.worksheets[2]
    assert (sheet.title, [cell.value for cell in sheet[1]][:4]) == (title, headers)
    figures = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in figures] == names
    assert [(r[0], *r[3:]) for r in figures] == pulse.ROWS


@pytest.fixture(params=["kk", "ru"])
def settings_overrides(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    return {
        "moderator_chat_id": GROUP,
        "default_language": request.param,
        "export_alert_after": 1,
        "akimat_database_url": f"sqlite+aiosqlite:///{tmp_path / 'blocked' / 'akimat.db'}",
    }


async def test_the_digest_in_the_moderators_group(
    world: World, settings_overrides: dict[str, Any]
) -> None:
    language = settings_overrides["default_language"]
    world.emulator.group(GROUP, "Moderators", [900])
    await seed(world)

    reached = await world.kenes.dispatcher["exports"].digests.send(DAY)

    assert reached == 1
    assert len(world.emulator.bot_messages(GROUP)) == 3
    check_documents(world, GROUP, language)


async def test_the_scheduled_digest_is_sent_once(
    world: World, settings_overrides: dict[str, Any]
) -> None:
    world.emulator.group(GROUP, "Moderators", [900])
    await seed(world)
    digests = world.kenes.dispatcher["exports"].digests
    after = local(2025, 11, 27, 0, 30)  # the job's run the next night, then a second run

    sent = [
        await digests.send_due(Granularity.DAY, now=after + timedelta(hours=h)) for h in (0, 1)
    ]

    assert sent == [True, False]
    assert len(world.emulator.bot_messages(GROUP)) == 3
    check_documents(world, GROUP, settings_overrides["default_language"])


async def test_export_alert_and_recovery_in_the_moderators_group(
    world: World, settings_overrides: dict[str, Any], tmp_path: Path
) -> None:
    language = settings_overrides["default_language"]
    world.emulator.group(GROUP, "Moderators", [900])
    await seed(world)
    (tmp_path / "blocked").touch()  # the akimat's database cannot be reached
    exporter = world.kenes.dispatcher["exports"].exporter

    await exporter.export(parse("2025-11"), now=local(2025, 12, 2))
    (tmp_path / "blocked").unlink()
    await exporter.export(parse("2025-11"), now=local(2025, 12, 3))

    alert, recovered = [m.content for m in world.emulator.bot_messages(GROUP)]
    expected = {
        "kk": (
            "⚠️ Әкімдік дерекқорына экспорт қатарынан 1 рет сәтсіз аяқталды (кезеңдер: "
            "2025-11; қате: FileExistsError). Ештеңе жоғалған жоқ: «Кеңес» қайталап "
            "көруді жалғастырады және дерекқор жауап берген бойда бұл кезеңдерді жібереді.",
            "✅ Әкімдік дерекқорына экспорт қайта жұмыс істеп тұр: 2025-11 кезеңі жіберілді.",
        ),
        "ru": (
            "⚠️ Экспорт в базу данных акимата не удался 1 раз подряд (периоды: 2025-11; "
            "ошибка: FileExistsError). Ничего не потеряно: «Кеңес» продолжает попытки и "
            "выгрузит эти периоды, как только база данных ответит.",
            "✅ Экспорт в базу данных акимата снова работает: период 2025-11 выгружен.",
        ),
    }
    assert (alert, recovered) == expected[language]
