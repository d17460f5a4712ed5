"""Issue 14, parts 1 and 2: /delete_me cannot be used to reset the rules (a block, the
daily limit, one rating per 30 days, one support per need, hearing seats), and what stays of
an erased resident's submissions carries none of their words, photos or exact places."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select, update

from models import (
    REDACTED,
    ErasedAccount,
    Hearing,
    HearingQuestion,
    HearingRsvp,
    Need,
    NeedEvent,
    NeedPhoto,
    NeedStatus,
    NeedSupporter,
    Rating,
    Resident,
)
from models.base import utcnow
from playground.people import Person
from services import pseudonym
from tests.e2e.conftest import World
from tests.e2e.desk.kit import (
    BUTTONS,
    GROUP,
    NOTICE,
    accept,
    cards_of,
    confirm,
    need_row,
    settings_for,
    staff,
)
from tests.e2e.desk.test_content import BLOCK
from tests.e2e.hearings_kit import H, moment, seed_hearing
from tests.e2e.needs_kit import T, change, filed, reach, resident_row, submit_direct
from tests.e2e.privacy_kit import EVERY, PAIRS, erase, erase_and_return
from tests.e2e.privacy_kit import REDACTED as SHOWN
from tests.e2e.privacy_kit import database as database
from tests.e2e.privacy_kit import world as world
from tests.e2e.test_rate_service import R, rate

BLOCKED = {
    "kk": "Әкімдік модераторлары сізге өтініш жіберуді шектеді. Себебі: деректер жойылғаннан "
    "кейін де бұғаттау сақталады",
    "ru": "Модераторы акимата ограничили Вам возможность отправлять обращения. Причина: "
    "блокировка сохраняется и после удаления данных",
}
LIMIT = {
    "kk": "Бүгін 2 өтініш жібердіңіз: бір тұрғын бір күнде бұдан артық жібере алмайды. Ертең "
    "қайта келіңіз.",
    "ru": "Сегодня Вы отправили 2 обращения: больше одному жителю за день нельзя. Пожалуйста, "
    "возвращайтесь завтра.",
}
ALREADY = {
    "kk": "Сіз {number} өтінішін қолдап қойғансыз. Қолдағандар: 1.",
    "ru": "Вы уже поддерживаете обращение {number}. Поддержали: 1.",
}


@pytest.fixture
def settings_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Moderators read the resident's language (the test's parameter)."""
    return {"max_needs_per_day": 2} | settings_for(request.getfixturevalue("language"))


async def scalar(world: World, query: Any) -> Any:
    async with world.kenes.sessionmaker() as session, session.begin():
        return await session.scalar(query)


@pytest.mark.parametrize(("language", "database"), EVERY, indirect=["database"])
async def test_erase_and_return_keeps_the_block(world: World, language: str) -> None:
    person = await world.resident(21001, language)
    await submit_direct(world, person.id)
    async with world.kenes.sessionmaker() as session, session.begin():  # a moderator blocked
        await session.execute(
            update(Resident)
            .where(Resident.telegram_id == person.id)
            .values(blocked_at=utcnow(), blocked_reason="спам")
        )

    back = await erase_and_return(world, person, language)
    [refused] = await back.tap(T[language]["report"])

    assert refused.content == BLOCKED[language]
    memory = await scalar(world, select(ErasedAccount))
    assert memory.pseudonym == pseudonym.of(person.id) != str(person.id)
    assert (memory.blocked, memory.blocked_reason) == (True, "moderator")  # no moderator's words


@pytest.mark.parametrize(("language", "database"), PAIRS, indirect=["database"])
async def test_erase_and_return_keeps_the_daily_limit(world: World, language: str) -> None:
    person = await world.resident(21002, language)
    await submit_direct(world, person.id)
    await submit_direct(world, person.id)

    back = await erase_and_return(world, person, language)
    [refused] = await back.tap(T[language]["report"])

    assert refused.content == LIMIT[language]
    async with world.kenes.sessionmaker() as session, session.begin():  # tomorrow
        await session.execute(update(ErasedAccount).values(needs_day="2000-01-01"))
    _intro, question = await back.tap(T[language]["report"])
    assert question.content == T[language]["category"]


@pytest.mark.parametrize(("language", "database"), PAIRS, indirect=["database"])
async def test_a_second_rating_after_erasure_does_not_count(world: World, language: str) -> None:
    person = await world.resident(21003, language)
    await rate(person, language, 4)
    await person.send("Автобус 12 жүргізушісі Серік, тел. +7 701 000 00 00")

    back = await erase_and_return(world, person, language)
    await rate(back, language, 2)
    [thanks] = await back.press(R[language]["skip"])

    assert thanks.content.startswith(R[language]["thanks"].format(average="2", count="1"))
    assert R[language]["replaced"] in thanks.content
    assert await scalar(world, select(func.count(Rating.id))) == 1


@pytest.mark.parametrize(("language", "database"), PAIRS, indirect=["database"])
async def test_support_after_erasure_does_not_count_twice(world: World, language: str) -> None:
    author = await world.resident(21004, language)
    need = await submit_direct(
        world, author.id, description="Не горит фонарь", latitude=43.2560, longitude=76.9450
    )
    await change(world, need.id, NeedStatus.ACCEPTED)

    async def support(person: Person, near: tuple[float, float] = (43.2565, 76.9455)) -> str:
        await reach(person, language, "place")
        await person.share_location(*near)  # about 70 m away
        await person.send("Темно во дворе, сломано освещение у подъезда")
        [offer] = await person.press(T[language]["skip"])
        [reply] = await person.press(offer.buttons[0])
        return reply.content

    supporter = await world.resident(21005, language)
    await support(supporter)
    back = await erase_and_return(world, supporter, language)

    assert (await support(back)).startswith(ALREADY[language].format(number=need.number))
    assert await scalar(world, select(func.count(NeedSupporter.id))) == 1
    linked = await scalar(world, select(NeedSupporter.resident_id))
    assert linked == (await resident_row(world, 21005)).id  # they hear the news again
    author_back = await erase_and_return(world, author, language)  # nor the author's own
    rounded = await scalar(world, select(Need))  # its place is now rounded to about 1 km
    reply = await support(author_back, (rounded.latitude + 0.0001, rounded.longitude))
    assert reply.startswith(ALREADY[language].format(number=need.number))
    assert await scalar(world, select(func.count(NeedSupporter.id))) == 1


@pytest.mark.parametrize(("language", "database"), PAIRS, indirect=["database"])
async def test_erased_registration_frees_its_seat(world: World, language: str) -> None:
    t = H[language]
    hearing = await seed_hearing(world, starts=moment(5), seats=1)
    person = await world.resident(21006, language)
    await person.send(f"/start h_{hearing.id}")
    await person.press(t["attend"])
    assert person.answers()[-1] == t["registered"]

    await erase(person, language)
    other = await world.resident(21007, language)
    await other.send(f"/start h_{hearing.id}")
    await other.press(t["attend"])

    assert other.answers()[-1] == t["registered"]
    assert await scalar(world, select(Hearing.seats_taken)) == 1
    assert await scalar(world, select(func.count(HearingRsvp.id))) == 1
    back = await world.resident(21006, language)  # and looping takes no seat
    await back.send(f"/start h_{hearing.id}")
    await back.press(t["attend"])
    assert back.answers()[-1] == t["full"]


@pytest.mark.parametrize(("language", "database"), EVERY, indirect=["database"])
async def test_erasure_redacts_words_photos_and_exact_location(
    world: World, language: str
) -> None:
    desk = await staff(world, language)
    hearing = await seed_hearing(world, starts=moment(5), questions_until=moment(4))
    person = await world.resident(21008, language)
    words = "Яма у подъезда, кв. 12, звоните Айгуль +7 701 111 22 33"
    await reach(person, language, "place")
    await person.share_location(43.256789, 76.945678)
    await person.send(words)
    await person.send_photo()
    await person.press(T[language]["done"])
    await person.press(T[language]["send"])
    number = await scalar(world, select(Need.number))
    await submit_direct(world, person.id)  # one more, by address
    await rate(person, language, 3)
    await person.send("Жүргізуші Серік дөрекі сөйледі")
    await person.send(f"/start h_{hearing.id}")
    await person.press(H[language]["ask"])
    await person.send("Менің үйім Абай 10, пәтер 5: жөндеу қашан?")
    [card] = await cards_of(world, number)
    assert words in card.content

    await erase(person, language)

    async with world.kenes.sessionmaker() as session, session.begin():
        needs = list((await session.execute(select(Need).order_by(Need.id))).scalars())
        photos = await session.scalar(select(func.count(NeedPhoto.id)))
        rating = await session.scalar(select(Rating))
        question = await session.scalar(select(HearingQuestion))
        events = list((await session.execute(select(NeedEvent))).scalars())
    assert [(n.description, n.address, n.resident_id) for n in needs] == [
        (REDACTED, None, None)
    ] * 2
    assert (needs[0].latitude, needs[0].longitude) == (43.26, 76.95)  # about 1 km
    assert [(n.category, n.district, n.status) for n in needs] == [("roads", "almaly", "new")] * 2
    assert photos == 0
    assert rating is not None and (rating.comment, rating.score) == (None, 3)
    assert question is not None and question.text == REDACTED
    assert {e.to_status for e in events} == {"new"} and len(events) == 2  # history kept
    [card] = await cards_of(world, number)  # the moderators' card of the open need
    assert words not in card.content
    assert SHOWN[language] in card.content
    assert "43.25679" not in card.content
    assert desk.one.inbox  # the card was there for the moderators to read


BLOCKED_ERASED = {
    "kk": "Орындалды: автор деректерін жойған, сондықтан қазір хабарлайтын ешкім жоқ. Ол "
    "«Кеңес» ботына қайта оралса, бұғатталған күйінде қалады.",
    "ru": "Готово: автор удалил свои данные, поэтому сообщить сейчас некому. Если он "
    "вернётся к боту «Кеңес», он останется заблокированным.",
}


@pytest.mark.parametrize(("language", "database"), PAIRS, indirect=["database"])
async def test_erasing_before_the_block_does_not_escape_it(world: World, language: str) -> None:
    """An author who erases the moment their need is posted is still blocked when a
    moderator blocks its author: at once when they came back already, else when they do."""
    desk = await staff(world, language)
    spammer = await world.resident(21010, language)
    number = await filed(world, spammer, language)
    await erase(spammer, language)

    await desk.one.press(BUTTONS[language]["blk"], (await cards_of(world, number))[0])
    await desk.one.answer("Спам")
    [done] = await confirm(desk.one, language)

    assert done.content == BLOCKED_ERASED[language]
    back = await world.resident(21010, language)
    [refused] = await back.tap(T[language]["report"])
    assert refused.content == BLOCKED[language]

    returned = await world.resident(21011, language)  # erased, back, and only then blocked
    second = await filed(world, returned, language)
    returned = await erase_and_return(world, returned, language)
    await desk.one.press(BUTTONS[language]["blk"], (await cards_of(world, second))[0])
    await desk.one.answer("Спам")
    [done] = await confirm(desk.one, language)

    assert done.content == BLOCK[language]["done"]
    assert returned.last.content == NOTICE[language]["blocked"].format(reason="Спам")
    [refused] = await returned.tap(T[language]["report"])
    assert refused.content == NOTICE[language]["blocked"].format(reason="Спам")


@pytest.mark.parametrize(("language", "database"), PAIRS, indirect=["database"])
async def test_a_duplicate_after_erasure_does_not_support_twice(
    world: World, language: str
) -> None:
    """A supporter who erased, came back and filed the same problem again: when moderators
    mark the new need a duplicate, its author follows the original, whose one "+1" from
    them is theirs again; it does not count twice."""
    desk = await staff(world, language)
    author = await world.resident(21012, language)
    original = await filed(world, author, language)
    await accept(desk.one, language, (await cards_of(world, original))[0])
    supporter = await world.resident(21013, language)
    [offer] = await reach(supporter, language, "confirm")  # the same words: the same problem
    await supporter.press(offer.buttons[0])  # "+1"
    original_id = (await need_row(world, original)).id
    supporters = select(func.count(NeedSupporter.id)).where(NeedSupporter.need_id == original_id)
    assert await scalar(world, supporters) == 1

    back = await erase_and_return(world, supporter, language)
    again = await filed(world, back, language, description="Снова яма на дороге у дома")
    await desk.one.press(BUTTONS[language]["dup"], (await cards_of(world, again))[0])
    await desk.one.answer(original)
    await confirm(desk.one, language)

    assert (await need_row(world, again)).status == "duplicate"
    assert await scalar(world, supporters) == 1
    linked = await scalar(world, select(NeedSupporter.resident_id))
    assert linked == (await resident_row(world, 21013)).id  # they hear of the original again


@pytest.mark.parametrize(("language", "database"), PAIRS, indirect=["database"])
async def test_erasure_deletes_the_authors_photos_and_voice_from_the_moderators_group(
    world: World, language: str
) -> None:
    """The card says the text was erased; the author's photos and voice message posted
    with it (an album here) go from the group too. Another resident's stay."""
    await staff(world, language)
    person = await world.resident(21014, language)
    await reach(person, language, "photos")
    await person.send_voice(duration=7)
    await person.send_photo()
    await person.send_photo()
    await person.press(T[language]["done"])
    await person.press(T[language]["send"])
    other = await world.resident(21015, language)
    await filed(world, other, language, photos=1, description="Светофор не работает третий день")

    def media() -> list[str]:
        return [
            kind
            for m in world.emulator.bot_messages(GROUP)
            for kind in ("photo", "voice")
            if kind in m.extra
        ]

    assert sorted(media()) == ["photo", "photo", "photo", "voice"]

    await erase(person, language)

    assert media() == ["photo"]  # the other resident's


@pytest.mark.parametrize(("language", "database"), PAIRS, indirect=["database"])
async def test_photos_of_a_need_closed_long_ago_leave_the_moderators_group(
    world: World, language: str
) -> None:
    """/privacy keeps a closed need's photos for a while: the copies posted with its card in
    the moderators' group go when the retention job drops the photos (a moved clock)."""
    await staff(world, language)
    person = await world.resident(21016, language)
    number = await filed(world, person, language, photos=1)
    need = await need_row(world, number)
    await change(world, need.id, NeedStatus.RESOLVED)

    def photos() -> int:
        return sum("photo" in m.extra for m in world.emulator.bot_messages(GROUP))

    days = world.kenes.settings.closed_need_photo_days
    retention = world.kenes.dispatcher["retention"]
    await retention.run(utcnow() + timedelta(days=days - 1))
    assert photos() == 1
    await retention.run(utcnow() + timedelta(days=days + 1))
    assert photos() == 0


@pytest.mark.parametrize(("language", "database"), PAIRS, indirect=["database"])
async def test_erasure_mid_flow_forgets_the_draft_and_its_send_button_files_nothing(
    world: World, language: str
) -> None:
    """Erasing with a need's confirmation card open: the draft (words, photo) goes with the
    rest, and the card's Send pressed afterwards (an app that still shows it) files nothing
    and brings no one back."""
    person = await world.resident(21017, language)
    await reach(person, language, "confirm", photos=1)
    card = next(m for m in reversed(person.inbox) if T[language]["send"] in m.buttons)
    send = card.button(T[language]["send"])["callback_data"]

    await erase(person, language)
    storage = world.kenes.dispatcher.storage
    key = StorageKey(bot_id=world.kenes.bot.id, chat_id=person.id, user_id=person.id)
    assert (await storage.get_state(key), await storage.get_data(key)) == (None, {})
    await person.press_data(card, send)

    assert await scalar(world, select(func.count(Need.id))) == 0
    assert await scalar(world, select(func.count(Resident.id))) == 0
