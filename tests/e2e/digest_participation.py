"""Public hearings and a poll for the digest of 26 November 2025, made through the services
(moments set by hand where the services take them as arguments): the digest lists the poll
that closed that day with its turnout, and the hearings of the week after it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.repositories import poll_answers
from services import deliveries, hearings, polls
from services.hearings import HearingFields
from services.polls import NewPoll
from services.staff import Actor, Role
from tests.export_kit import local

ADMIN = Actor(900, Role.ADMIN)
TEXTS = {
    "kk": (
        "\n\nКезеңде аяқталған сауалнамалар (жауап бергендер / алғандар):\n"
        "• Алмалыда саябақ керек пе?: 1 / 2 (50%)\n\n"
        "Алдағы аптадағы қоғамдық тыңдаулар:\n"
        "• 2025 жылғы 28 қараша, 15:00: Абай көшесін жөндеу (Алмалы ауданы)\n"
        "• 2025 жылғы 3 желтоқсан, 23:59: Қала бюджеті <2026> (Бүкіл қала)"
    ),
    "ru": (
        "\n\nОпросы, завершившиеся за период (ответили / получили):\n"
        "• Нужен ли парк в Алмалы?: 1 / 2 (50\xa0%)\n\n"
        "Общественные слушания на ближайшей неделе:\n"
        "• 28 ноября 2025 г., 15:00: Ремонт улицы Абая (Алмалинский район)\n"
        "• 3 декабря 2025 г., 23:59: Бюджет города <2026> (Весь город)"
    ),
}


def _hearing(
    title_kk: str, title_ru: str, starts_at: datetime, district: str | None
) -> HearingFields:
    return HearingFields(
        title_kk=title_kk, title_ru=title_ru, description_kk="Сипаттама",
        description_ru="Описание", starts_at=starts_at, address=None, link=None,
        district=district, topic="roads", seats=None, questions_until=None,
    )  # fmt: skip


async def seed(sessionmaker: async_sessionmaker[AsyncSession], people: list[int]) -> None:
    """``people``: the residents of the digest's needs (0 and 1 are in Almaly)."""
    listed = [
        ("Абай көшесін жөндеу", "Ремонт улицы Абая", local(2025, 11, 28, 15), "almaly"),
        ("Қала бюджеті <2026>", "Бюджет города <2026>", local(2025, 12, 3, 23, 59), None),
    ]
    left_out = [  # held during the period, cancelled, and a week and a minute after its end
        ("Өткен", "Прошедшее", local(2025, 11, 26, 18), "almaly"),
        ("Тоқтатылған", "Отменённое", local(2025, 11, 29, 11), "medeu"),
        ("Кейінгі", "Позднее", local(2025, 12, 4), None),
    ]
    async with sessionmaker() as session:
        published = [
            await hearings.publish(session, _hearing(*fields), ADMIN, None)
            for fields in left_out + listed
        ]
        await hearings.cancel(session, published[1].hearing.id, ADMIN, None)
        new = NewPoll(
            "Алмалыда саябақ керек пе?", "Нужен ли парк в Алмалы?", ("Иә", "Жоқ"),
            ("Да", "Нет"), False, "district", "almaly", "answered",
            local(2025, 11, 20), local(2025, 11, 26, 20), "Asia/Almaty",
        )  # fmt: skip
        poll = await polls.publish(session, new, ADMIN, language="kk")
        broadcast_id = await polls.open_poll(session, poll.id, local(2025, 11, 20, 1))
        assert broadcast_id is not None
        for recipient in await deliveries.due(session, broadcast_id, after_id=0, limit=10):
            await deliveries.mark_sent(session, recipient)
        async with session.begin():
            await poll_answers.save(
                session, poll.id, people[0], frozenset({0}), district="almaly",
                now=local(2025, 11, 21),
            )  # fmt: skip
