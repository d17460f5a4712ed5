"""Part 5: a resident whose draft is like an open need nearby is offered a "+1" only for a
need a moderator accepted, and reads of it what the public may read (number, category,
status, distance, filing date, the moderator's public summary), never its author's words.
The look-ups are counted per resident and day: past the limit nobody is offered anything,
and the need is filed as usual."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from bot.i18n import format_datetime
from models import Need, NeedStatus
from tests.e2e.conftest import World
from tests.e2e.desk.kit import settings_for
from tests.e2e.needs_kit import T, change, needs_of, reach, submit_direct
from tests.e2e.public.kit import PRIVATE

LIMIT = 3
HERE = (43.2560, 76.9450)
NEAR = (43.2565, 76.9455)  # about 70 m away
SUMMARY = "Не горит уличный фонарь во дворе"
OFFER = {
    "kk": "Сіздікіне ұқсас өтініш қазір ашық:\n"
    "{number} өтініші\n"
    "Санаты: Жолдар мен тротуарлар\n"
    "Мәртебесі: 📥 Қабылданды\n"
    "Қашықтығы: шамамен 70 м\n"
    "Жіберілген күні: {date}\n"
    "Әкімдіктің сипаттамасы: Не горит уличный фонарь во дворе\n"
    "\n"
    "Жаңа өтініш жібермей, соны қолдай аласыз: әкімдік бұл мәселе қанша тұрғынға маңызды "
    "екенін көреді, ал сізге оның барысы туралы хабарланады.",
    "ru": "Похожее обращение уже открыто:\n"
    "Обращение {number}\n"
    "Категория: Дороги и тротуары\n"
    "Статус: 📥 Принято\n"
    "Расстояние: около 70 м\n"
    "Подано: {date}\n"
    "Описание акимата: Не горит уличный фонарь во дворе\n"
    "\n"
    "Вместо нового обращения Вы можете поддержать это: акимат увидит, скольким жителям это "
    "важно, а Вам будут сообщать о ходе работы.",
}


@pytest.fixture
def settings_overrides(language: str) -> dict[str, Any]:
    return settings_for(language) | {
        "default_language": language,
        "max_duplicate_lookups_per_day": LIMIT,
    }


async def accept(world: World, need: Need, summary: str | None) -> None:
    """What ✅ Accept does once the moderator has chosen the public text (the desk's side
    is tested in test_open_data)."""
    await change(world, need.id, NeedStatus.ACCEPTED)
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(
            update(Need).where(Need.id == need.id).values(public_summary=summary)
        )


async def draft_near(world: World, telegram_id: int, language: str) -> str:
    """A draft 70 m from the stranger's need, up to the step after the photos: what the
    resident reads then."""
    person = world.person(telegram_id, language_code=None)
    await reach(person, language, "place")
    await person.share_location(*NEAR)
    await person.send("Темно во дворе, не работает освещение у подъезда")
    [shown] = await person.press(T[language]["skip"])
    return shown.content


async def test_duplicate_offer_shows_no_words_of_a_stranger(world: World, language: str) -> None:
    stranger = await world.resident(1001, language)
    need = await submit_direct(world, stranger.id, description=PRIVATE, latitude=HERE[0],
                               longitude=HERE[1])  # fmt: skip
    person = await world.resident(1002, language)

    unmoderated = await draft_near(world, person.id, language)
    await person.press(T[language]["cancel"])
    await accept(world, need, SUMMARY)
    offered = await draft_near(world, person.id, language)

    assert unmoderated.startswith(T[language]["confirm"])
    date = format_datetime(need.created_at, language, world.kenes.settings.tz)
    assert offered == OFFER[language].format(number=need.number, date=date)
    for private in ("Яма у моего дома", "Иванов", "кв. 12", "701"):
        assert private not in offered


async def test_duplicate_lookups_stop_after_the_daily_limit(world: World, language: str) -> None:
    stranger = await world.resident(1001, language)
    need = await submit_direct(world, stranger.id, latitude=HERE[0], longitude=HERE[1])
    await accept(world, need, None)  # the category's name only
    person = await world.resident(1002, language)
    header = OFFER[language].splitlines()[0]
    for _ in range(LIMIT):
        assert (await draft_near(world, person.id, language)).startswith(header)
        await person.press(T[language]["cancel"])

    past_the_limit = await draft_near(world, person.id, language)

    assert past_the_limit.startswith(T[language]["confirm"])
    await person.press(T[language]["send"])
    [filed] = await needs_of(world, person.id)
    assert (filed.status, filed.latitude, filed.longitude) == ("new", *NEAR)


async def test_erasing_and_returning_does_not_reset_the_duplicate_lookups(
    world: World, language: str
) -> None:
    from tests.e2e.privacy_kit import erase_and_return

    stranger = await world.resident(1001, language)
    need = await submit_direct(world, stranger.id, latitude=HERE[0], longitude=HERE[1])
    await accept(world, need, None)
    person = await world.resident(1002, language)
    header = OFFER[language].splitlines()[0]
    for _ in range(LIMIT):
        assert (await draft_near(world, person.id, language)).startswith(header)
        await person.press(T[language]["cancel"])

    person = await erase_and_return(world, person, language)
    after_return = await draft_near(world, person.id, language)

    assert after_return.startswith(T[language]["confirm"])  # no offer: the limit still holds
