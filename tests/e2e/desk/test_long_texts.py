"""Whatever a resident types fits Telegram's limit of 4096 UTF-16 units wherever Kenes shows
it: the confirmation card, the moderators' card, the resident's card in /my, the staff's list
of a hearing's questions and the rating comments. Too long for one message (an emoji counts
2), it is shortened with "…" on screen only; what was typed is stored whole. Characters that
grow when escaped (``<`` is ``&lt;``) count once, as Telegram counts them, and are not cut."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import HearingQuestion, NeedStatus, Rating
from playground.people import Person
from tests.e2e.conftest import World
from tests.e2e.desk.kit import CARD, CROSSED, STATUS, cards_of, staff
from tests.e2e.hearings_kit import TITLES, H, moment, seed_hearing, staff_card
from tests.e2e.hearings_texts import STAFF
from tests.e2e.needs_kit import T, change, needs_of, reach, submit_direct
from tests.e2e.test_rate_service import rate

LIMIT = 4096
EMOJI = "Яма " + "😀" * 1996  # 2,000 characters, the most accepted: 3,996 UTF-16 units
BRACKETS = "Яма " + "<" * 1996  # 2,000 characters, each sent as "&lt;"
HISTORY = {"kk": "Тарихы", "ru": "История"}


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def description_on(card: str, language: str) -> str:
    label = CARD[language]["description"].format(description="")
    after = card.split("\n" + label, 1)[1]
    return after.split("\n" + CARD[language]["photos"].format(count=0), 1)[0]


def assert_shortened(shown: str, typed: str) -> None:
    assert shown.endswith("…") and typed.startswith(shown[:-1])


async def file_and_show(world: World, rl: str, ml: str, description: str) -> list[str]:
    """File ``description`` through the flow; the confirmation card, the moderators' card
    and the resident's card in /my, as they read."""
    await staff(world, ml)
    resident = await world.resident(1001, rl)
    [confirmation] = await reach(resident, rl, "confirm", description=description)
    await resident.press(T[rl]["send"])
    [need] = await needs_of(world, resident.id)
    assert need.description == description  # stored whole
    [posted] = await cards_of(world, need.number)
    [listing] = await resident.send("/my")
    await resident.press(f"{need.number} · {STATUS[rl]['new']}", listing)
    return [confirmation.content, posted.content, listing.content]


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_2000_emoji_are_shortened_on_every_card(world: World, rl: str, ml: str) -> None:
    confirmation, posted, mine = await file_and_show(world, rl, ml, EMOJI)

    assert confirmation.startswith(T[rl]["confirm"])
    for card, language in ((confirmation, rl), (posted, ml), (mine, rl)):
        assert_shortened(description_on(card, language), EMOJI)
        assert LIMIT - 10 < utf16(card) <= LIMIT  # shortened no more than needed


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_2000_angle_brackets_are_shown_whole(world: World, rl: str, ml: str) -> None:
    confirmation, posted, mine = await file_and_show(world, rl, ml, BRACKETS)

    assert confirmation.startswith(T[rl]["confirm"])
    for card, language in ((confirmation, rl), (posted, ml), (mine, rl)):
        assert description_on(card, language) == BRACKETS


async def residents(world: World, count: int, language: str) -> list[Person]:
    return [await world.resident(7001 + number, language) for number in range(count)]


@pytest.mark.parametrize("ml", ["kk", "ru"], indirect=True)
async def test_five_long_questions_to_a_hearing_fit_one_page(world: World, ml: str) -> None:
    hearing = await seed_hearing(world, starts=moment(8))
    question = "Сұрақ " + "❓🚧" * 497  # 1,000 characters, the most accepted
    for person in await residents(world, 5, "kk"):
        await person.send(f"/start h_{hearing.id}")
        await person.press(H["kk"]["ask"])
        await person.send(question)
    moderator = await staff_card(world, ml)
    view = moderator.last

    await moderator.press(STAFF[ml]["questions"].format(count=5))

    assert view.content.startswith(STAFF[ml]["questions_header"].format(title=TITLES[ml]))
    assert utf16(view.content) <= LIMIT
    shown = [item.split("\n", 1)[1] for item in view.content.split("\n\n")[1:]]
    assert len(shown) == 5
    for text in shown:
        assert_shortened(text, question)
    async with world.kenes.sessionmaker() as session, session.begin():
        stored = (await session.execute(select(HearingQuestion.text))).scalars().all()
    assert stored == [question] * 5


@pytest.mark.parametrize("ml", ["kk", "ru"], indirect=True)
async def test_five_comments_of_emoji_fit_one_page(world: World, ml: str) -> None:
    desk = await staff(world, ml)
    comment = "Автобус " + "🚌" * 992  # 1,000 characters, the most accepted
    for person in await residents(world, 5, "ru"):
        await rate(person, "ru", 2)
        await person.send(comment)

    [listing] = await desk.one.send("/comments")

    assert utf16(listing.content) <= LIMIT
    shown = [line for line in listing.content.split("\n") if line.startswith("«")]
    assert len(shown) == 5
    for line in shown:
        assert line.endswith("»")
        assert_shortened(line[1:-1], comment)
    async with world.kenes.sessionmaker() as session, session.begin():
        stored = (await session.execute(select(Rating.comment))).scalars().all()
    assert stored == [comment] * 5


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_on_a_residents_card_the_description_gives_way_to_the_history(
    world: World, language: str
) -> None:
    person = await world.resident(8001, language)
    need = await submit_direct(world, person.id, description=EMOJI)
    reason = "Себебі " + "📄" * 993  # 1,000 characters: a moderator's reason is shown whole
    await change(world, need.id, NeedStatus.ACCEPTED, comment="Бригада жіберілді")
    await change(world, need.id, NeedStatus.REJECTED, comment=reason)
    [listing] = await person.send("/my")

    await person.press(listing.buttons[0], listing)

    card = listing.content
    assert LIMIT - 10 < utf16(card) <= LIMIT
    assert_shortened(description_on(card, language), EMOJI)
    history = card.split("\n" + HISTORY[language] + "\n", 1)[1].split("\n")
    assert [line.split(": ", 1)[1] for line in history] == [
        STATUS[language]["new"],
        STATUS[language]["accepted"] + " — Бригада жіберілді",
        STATUS[language]["rejected"] + " — " + reason,
    ]
