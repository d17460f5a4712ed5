"""Part 4: every figure residents see in /stats (and the seats taken on a hearing's card)
that stands for fewer than ``KENES_EXPORT_MIN_CELL`` (3) residents reads "fewer than 3",
with no mean score;
one more figure is hidden wherever a total, less the shown figures, would give the small
one back; and the akimat's export never folds a lone small cell into ``_other``."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update

from models import Need
from models.base import utcnow
from services import ratings
from tests.e2e.conftest import World
from tests.e2e.hearings_kit import card, moment, seed_hearing
from tests.e2e.hearings_texts import H
from tests.e2e.needs_kit import resident_row, submit_direct
from tests.e2e.polls_kit import Draft, create_poll, results_lines, sent_out
from tests.e2e.polls_kit import card as poll_card
from tests.e2e.public.kit import kenes_export
from tests.e2e.staff import ADMIN

NOTE = {
    "kk": "3 тұрғыннан азының деректеріне негізделген көрсеткіштер көрсетілмейді; жасырылған "
    "көрсеткіштерді есептеп шығаруға мүмкіндік беретін көрсеткіштер де жасырылады.",
    "ru": "Показатели, за которыми стоит меньше 3 жителей, не показываются; не показываются "
    "и те, по которым можно было бы вычислить скрытые.",
}
RATED = {
    "kk": """📊 Соңғы 30 күн

Алматы
Өтініштер жіберілмеген.
Қызметтердің бағасы:
• Қоқыс шығару: 3,7 (3 баға)
• Қоғамдық көлік: 3 тұрғыннан аз

{note}

Ауданның көрсеткіштерін көру үшін оны таңдаңыз:""",
    "ru": """📊 Последние 30 дней

Алматы
Обращений не было.
Оценки услуг:
• Вывоз мусора: 3,7 (3 оценки)
• Общественный транспорт: меньше 3 жителей

{note}

Выберите район, чтобы увидеть его показатели:""",
}


async def test_stats_hides_a_service_rated_by_fewer_than_three(
    world: World, language: str
) -> None:
    viewer = await world.resident(2000, language)
    given = [("public_transport", 5), ("public_transport", 2)] + [
        ("waste_collection", score) for score in (5, 4, 2)
    ]
    for n, (service, score) in enumerate(given):
        rater = await world.resident(2001 + n, "kk")
        row = await resident_row(world, rater.id)
        async with world.kenes.sessionmaker() as session:
            await ratings.rate(session, row.id, service, "almaly", score)

    [reply] = await viewer.send("/stats")

    assert reply.content == RATED[language].format(note=NOTE[language])
    assert "3,5" not in reply.content  # the two scores' mean


SECTION = {
    "kk": """{title}
Барлығы: 9 өтініш
Санаттар бойынша:
• Жолдар мен тротуарлар: 5 өтініш
• Қар тазалау: жасырылған
• Жылу, су, электр, газ: 3 тұрғыннан аз
Мәртебелер бойынша:
• 🆕 Жаңа: 9 өтініш
Қызметтердің бағасы:
Әзірге бағалар жоқ.""",
    "ru": """{title}
Всего: 9 обращений
По категориям:
• Дороги и тротуары: 5 обращений
• Уборка снега: скрыто
• Тепло, вода, свет, газ: меньше 3 жителей
По статусам:
• 🆕 Новое: 9 обращений
Оценки услуг:
Оценок пока нет.""",
}
TITLES = {"kk": ("Алматы", "Алмалы ауданы"), "ru": ("Алматы", "Алмалинский район")}


async def test_complementary_suppression_hides_a_second_cell(world: World, language: str) -> None:
    authors = [await world.resident(3001 + n, language) for n in range(9)]
    for n, author in enumerate(authors):  # 5 residents: roads; 1: utilities; 3: snow
        category = "roads" if n < 5 else "utilities" if n == 5 else "snow"
        await submit_direct(world, author.id, category=category, district="almaly")

    [reply] = await authors[0].send("/stats")  # their district: Almaly

    city, district = TITLES[language]
    section = SECTION[language]
    parts = reply.content.split("\n\n")
    assert parts[1:3] == [section.format(title=city), section.format(title=district)]
    assert parts[3] == NOTE[language]
    assert "1 өтініш" not in reply.content and "1 обращение" not in reply.content


def yesterday_noon(world: World) -> datetime:
    tz = world.kenes.settings.tz
    day = utcnow().astimezone(tz).date() - timedelta(days=1)
    return datetime(day.year, day.month, day.day, 12, tzinfo=tz)


async def test_export_other_never_equals_a_single_cell(world: World, language: str) -> None:
    people = [await world.resident(4001 + n, language) for n in range(5)]
    cells = [("almaly", "roads", people[:3]), ("almaly", "utilities", people[:4]),
             ("medeu", "roads", people[4:])]  # fmt: skip
    for district, category, authors in cells:
        for author in authors:
            await submit_direct(world, author.id, category=category, district=district)
    filed_at = yesterday_noon(world)
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(update(Need).values(created_at=filed_at, updated_at=filed_at))

    figures = await kenes_export(
        world, "--period", filed_at.date().isoformat(), "--format", "json"
    )

    rows = {(r["district"], r["category"]): r["submitted"] for r in figures["need_stats"]}
    # Medeu's one need alone would make `_other` equal it: Almaly's roads (3) join it.
    assert rows == {("almaly", "utilities"): 4, ("_other", "_other"): 4}


async def test_a_hearing_card_hides_fewer_than_three_registrations(
    world: World, language: str
) -> None:
    t = H[language]
    hearing = await seed_hearing(world, starts=moment(5), seats=10)
    people = [await world.resident(5001 + n, language) for n in range(4)]
    for person in people[:2]:
        await person.send(f"/start h_{hearing.id}")
        await person.press(t["attend"])

    [two] = await people[3].send(f"/start h_{hearing.id}")
    await people[2].send(f"/start h_{hearing.id}")
    await people[2].press(t["attend"])
    [three] = await people[3].send(f"/start h_{hearing.id}")

    assert two.content == card(language, hearing.starts_at, seats=10, taken=2)
    assert t["seats_few"].format(seats=10) in two.content.splitlines()
    assert t["seats_line"].format(taken=3, seats=10) in three.content.splitlines()


UNKNOWN = {"kk": "Ауданы белгісіз", "ru": "Район неизвестен"}


async def test_poll_results_hide_an_option_chosen_by_fewer_than_three(
    world: World, language: str
) -> None:
    moderator = await world.resident(ADMIN, language)
    people = [await world.resident(6001 + n, language) for n in range(5)]
    draft = Draft()
    poll_id, closes = await create_poll(world, moderator, language, draft)
    await sent_out(world, poll_id)
    picks = [0, 0, 0, 1, 2]  # 3 residents, then 1 and 1
    for person, pick in zip(people, picks, strict=True):
        await person.press(f"{pick + 1}. {draft.options(language)[pick]}")

    few: dict[tuple[str, int | None], str] = {
        (where, n): "few" for where in ("city", UNKNOWN[language]) for n in (2, 3)
    }
    shown = results_lines(
        language, [3, 1, 1], 5, [(UNKNOWN[language], 5, [60, 20, 20])], masks=few
    )
    assert people[-1].last.content == poll_card(
        world, draft, language, closes, chosen=[2], results=shown
    )
    assert "— 20" not in people[-1].last.content  # 1 of 5: 20 %
