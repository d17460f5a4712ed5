"""What people see about public hearings, in both languages, and drivers that walk staff
through the creation flow and residents through subscribing. The texts are written out
here, not taken from the catalogs, so a test fails when the bot says something else."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.app import Kenes
from bot.i18n import format_datetime
from models import Hearing
from playground.people import Person
from scheduler.hearings import Reminders
from services import hearings
from services.hearings import HearingFields
from services.staff import Actor, Role
from tests.e2e.conftest import World
from tests.e2e.hearings_texts import H as H  # the texts, for the tests that use the kit

ADMIN = 900
ALMATY = ZoneInfo("Asia/Almaty")
LANGUAGES = ("kk", "ru")

TITLES = {"kk": "Абай даңғылын жөндеу", "ru": "Ремонт проспекта Абая"}
DESCRIPTIONS = {
    "kk": "Абай даңғылын 2027 жылы жөндеу жобасын талқылаймыз.",
    "ru": "Обсуждаем проект ремонта проспекта Абая в 2027 году.",
}
ADDRESS = "Абай даңғылы, 90, әкімдік, 3-қабат"
LINK = "https://meet.example.kz/abay-2027"


def moment(days: float, hour: int = 15) -> datetime:
    """A moment ``days`` from now at ``hour``:00, Almaty time."""
    day = datetime.now(ALMATY) + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def typed(when: datetime) -> str:
    return when.astimezone(ALMATY).strftime("%d.%m.%Y %H:%M")


def when_text(when: datetime, language: str) -> str:
    return format_datetime(when, language, ALMATY)


async def open_new_hearing(staff: Person, language: str) -> None:
    t = H[language]
    await staff.send("/staff")
    await staff.press(t["staff_hearings"])
    await staff.press(t["new"])


async def create_hearing(
    staff: Person,
    language: str,
    *,
    starts: datetime,
    seats: str | None = "50",
    district: str = "almaly",
    questions_until: datetime | None = None,
    descriptions: dict[str, str] = DESCRIPTIONS,
) -> list[Any]:
    """Walk the creation flow to the preview; returns the preview message(s)."""
    t = H[language]
    await open_new_hearing(staff, language)
    for _field, answer in (
        ("title_kk", TITLES["kk"]),
        ("title_ru", TITLES["ru"]),
        ("description_kk", descriptions["kk"]),
        ("description_ru", descriptions["ru"]),
        ("starts_at", typed(starts)),
        ("address", ADDRESS),
        ("link", LINK),
    ):
        await staff.send(answer)
    await staff.press(t[district] if district != "city" else t["whole_city"])
    await staff.press(t["roads"])
    if seats is None:
        await staff.press(t["no_limit"])
    else:
        await staff.send(seats)
    if questions_until is None:
        return await staff.press(t["until_start"])
    return await staff.send(typed(questions_until))


async def seed_hearing(
    world: World,
    *,
    starts: datetime,
    seats: int | None = None,
    district: str | None = "almaly",
    questions_until: datetime | None = None,
) -> Hearing:
    """A published hearing, made through the service (for tests about what follows)."""
    fields = HearingFields(
        title_kk=TITLES["kk"],
        title_ru=TITLES["ru"],
        description_kk=DESCRIPTIONS["kk"],
        description_ru=DESCRIPTIONS["ru"],
        starts_at=starts,
        address=ADDRESS,
        link=LINK,
        district=district,
        topic="roads",
        seats=seats,
        questions_until=questions_until,
    )
    kenes = world.kenes
    async with kenes.sessionmaker() as session:
        announced = await hearings.publish(session, fields, Actor(ADMIN, Role.ADMIN), None)
    await reminders_of(kenes).sync(announced.hearing.id)  # as the publishing handler does
    return announced.hearing


def reminders_of(kenes: Kenes) -> Reminders:
    return Reminders(kenes.scheduler, kenes.sessionmaker, kenes.broadcaster, kenes.settings)


async def stored_hearing(world: World, hearing_id: int) -> Hearing:
    async with world.kenes.sessionmaker() as session, session.begin():
        found = await session.scalar(select(Hearing).where(Hearing.id == hearing_id))
    assert found is not None
    return found


def card_lines(
    language: str,
    starts: datetime,
    *,
    seats: int | None = None,
    taken: int = 0,
    district: str = "almaly",
    questions_until: datetime | None = None,
) -> list[str]:
    """The detail lines of a card, as a resident reads them."""
    t = H[language]
    lines = [
        t["when"].format(date=when_text(starts, language)),
        t["where"].format(address=ADDRESS),
        t["online"].format(link=LINK),
        t["district_line"].format(district=t[district] if district != "city" else "—"),
        t["topic_line"].format(topic=t["roads"]),
    ]
    if seats is not None and 0 < taken < 3 and taken < seats:  # the small-cell rule
        lines.append(t["seats_few"].format(seats=seats))
    elif seats is not None:
        lines.append(t["seats_line"].format(taken=taken, seats=seats))
    if questions_until is not None:
        lines.append(t["questions_line"].format(date=when_text(questions_until, language)))
    return lines


def card(language: str, starts: datetime, *, footer: str | None = None, **kwargs: Any) -> str:
    parts = [
        "🏛 " + TITLES[language],
        DESCRIPTIONS[language],
        "\n".join(card_lines(language, starts, **kwargs)),
    ]
    if footer:
        parts.append(footer)
    return "\n\n".join(parts)


async def staff_card(world: World, language: str, user_id: int = ADMIN) -> Person:
    """Staff open the first hearing's staff card from /staff."""
    person = world.person(user_id, language_code=language)
    await person.send("/staff")
    await person.press(H[language]["staff_hearings"])
    await person.press("1")
    return person
