"""The SDG 16.7.2 pulse for the digests, made through the services as the pulse job makes it
(``services.pulse.ensure`` at the pulse moment, then ``polls.open_poll``): the pulses of the
third and fourth quarters of 2025 (15 July and 15 October, 10:00, open 14 days) and of the
first quarter of 2026, each answered by chosen residents. By 26 November 2025 the first two
had closed; the third had not even opened, so no digest of 2025 may show it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import create_i18n
from bot.polls.pulse_texts import pulse_texts
from models import Resident
from models.repositories import poll_answers
from services import deliveries, polls, pulse
from tests.export_kit import local

SCHEDULE = pulse.Schedule(
    months=(1, 4, 7, 10), day=15, hour=10, open_days=14, timezone="Asia/Almaty"
)
# Per quarter: the pulse moment, and the positions answered to the "say" and the
# "influence" question (0 = "Not at all" ... 4 = "A great deal"), one per resident.
PULSES: dict[str, tuple[datetime, list[int], list[int]]] = {
    "2025Q3": (local(2025, 7, 15, 10), [2, 0, 1, 3], [4]),
    "2025Q4": (local(2025, 10, 15, 10), [2, 3, 0, 4, 1, 2], [0, 2, 1]),
    "2026Q1": (local(2026, 1, 15, 10), [0], [0]),
}


async def _residents(sessionmaker: async_sessionmaker[AsyncSession], count: int) -> list[int]:
    rows = [
        {"telegram_id": 6100 + n, "language": "ru", "consent_at": local(2025, 7, 1)}
        for n in range(count)
    ]
    async with sessionmaker() as session, session.begin():
        return list(
            (await session.execute(insert(Resident).returning(Resident.id), rows)).scalars()
        )


async def seed(sessionmaker: async_sessionmaker[AsyncSession], quarters: list[str]) -> None:
    """The pulses of ``quarters`` (keys of ``PULSES``), opened, delivered and answered."""
    texts = pulse_texts(create_i18n("kk"))
    people = await _residents(sessionmaker, 6)
    for quarter in quarters:
        moment, *answers = PULSES[quarter]
        async with sessionmaker() as session:
            created = await pulse.ensure(session, SCHEDULE, texts, moment + timedelta(minutes=1))
            assert len(created) == 2
            for poll_id, chosen in zip(created, answers, strict=True):
                broadcast_id = await polls.open_poll(session, poll_id, moment)
                assert broadcast_id is not None
                for recipient in await deliveries.due(session, broadcast_id, after_id=0, limit=20):
                    await deliveries.mark_sent(session, recipient)
                async with session.begin():
                    for resident, position in zip(people, chosen, strict=False):
                        await poll_answers.save(
                            session, poll_id, resident, frozenset({position}), district=None,
                            now=moment + timedelta(days=1),
                        )  # fmt: skip


# Worked out by hand; "Some", "A lot" and "A great deal" (positions 2-4) count.
# 2025Q3: say 2,0,1,3 -> 2 of 4 = 50 %; influence 4 -> 1 of 1 = 100 %.
# 2025Q4: say 2,3,0,4,1,2 -> 4 of 6 = 66.7 %, 66.67 - 50 = +16.7 p.p.;
#         influence 0,2,1 -> 1 of 3 = 33.3 %, 33.33 - 100 = -66.7 p.p.
HEADING = {
    "kk": "Қала бойынша ТДМ 16.7.2 пульсі, {quarter} («Белгілі бір дәрежеде» және одан жоғары "
    "деп жауап бергендердің үлесі; алдыңғы тоқсанмен салыстырғандағы өзгерісі):",
    "ru": "Пульс ЦУР 16.7.2 по городу, {quarter} (доля ответивших «В некоторой степени» и "
    "выше; изменение по сравнению с предыдущим кварталом):",
}
SAY = {
    "kk": "• Үкіметтің ісіне қатысты өз сөзін айту (барлығын қамтитын шешім қабылдау): ",
    "ru": "• Право голоса в том, что делает правительство (всеобъемлющее принятие решений): ",
}
INFLUENCE = {
    "kk": "• Саясатқа ықпал ету (жедел шешім қабылдау): ",
    "ru": "• Влияние на политику (гибкое принятие решений): ",
}
TEXTS = {
    "kk": "\n\n"
    + HEADING["kk"].format(quarter="2025 жылғы 4-тоқсан")
    + "\n"
    + SAY["kk"]
    + "66,7% (6 респондент), +16,7 пайыздық тармақ\n"
    + INFLUENCE["kk"]
    + "33,3% (3 респондент), −66,7 пайыздық тармақ",
    "ru": "\n\n"
    + HEADING["ru"].format(quarter="4-й квартал 2025\xa0г.")
    + "\n"
    + SAY["ru"]
    + "66,7\xa0% (6 респондентов), +16,7\xa0п.\xa0п.\n"
    + INFLUENCE["ru"]
    + "33,3\xa0% (3 респондента), −66,7\xa0п.\xa0п.",
}
FIRST = {  # the digest of a day after 2025Q3's pulse closed, with no pulse before it
    "kk": "\n\n"
    + HEADING["kk"].format(quarter="2025 жылғы 3-тоқсан")
    + "\n"
    + SAY["kk"]
    + "50% (4 респондент), алдыңғы тоқсан бойынша дерек жоқ\n"
    + INFLUENCE["kk"]
    + "100% (1 респондент), алдыңғы тоқсан бойынша дерек жоқ",
    "ru": "\n\n"
    + HEADING["ru"].format(quarter="3-й квартал 2025\xa0г.")
    + "\n"
    + SAY["ru"]
    + "50\xa0% (4 респондента), за предыдущий квартал данных нет\n"
    + INFLUENCE["ru"]
    + "100\xa0% (1 респондент), за предыдущий квартал данных нет",
}
SHEET = {  # the spreadsheet's pulse sheet for 26 November 2025
    "kk": (
        "ТДМ 16.7.2 пульсі",
        ["Тоқсан", "Сұрақ", "Кіші көрсеткіш", "Респонденттер"],
        ["Үкіметтің ісіне қатысты өз сөзін айту", "Саясатқа ықпал ету"],
    ),
    "ru": (
        "Пульс ЦУР 16.7.2",
        ["Квартал", "Вопрос", "Подпоказатель", "Респонденты"],
        ["Право голоса в том, что делает правительство", "Влияние на политику"],
    ),
}
# quarter, respondents, answered "Some" or more, share %, share the quarter before %, change
ROWS = [("2025Q4", 6, 4, 66.7, 50.0, 16.7), ("2025Q4", 3, 1, 33.3, 100.0, -66.7)]
