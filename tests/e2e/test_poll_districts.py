"""Polls and districts, in Kazakh and Russian: a resident's district is the one they chose
in /polls, else that of their latest need; results by district hide districts where fewer
than KENES_EXPORT_MIN_CELL (3) residents answered, and a poll for a district or a topic
reaches only its residents."""

from __future__ import annotations

from typing import Any

import pytest

from playground.people import Person
from tests.e2e.conftest import World
from tests.e2e.needs_kit import submit_direct
from tests.e2e.polls_kit import (
    ADMIN,
    LANGUAGES,
    STAFF_SETTINGS,
    Draft,
    T,
    card,
    create_poll,
    invitation,
    results_lines,
    sent_out,
)

DISTRICTS = {
    "kk": {"almaly": "Алмалы ауданы", "medeu": "Медеу ауданы", "auezov": "Әуезов ауданы"},
    "ru": {
        "almaly": "Алмалинский район",
        "medeu": "Медеуский район",
        "auezov": "Ауэзовский район",
    },
}
CHOSEN = {
    "kk": "📍 Сауалнамалар үшін ауданыңыз: {name}.",
    "ru": "📍 Ваш район для опросов: {name}.",
}
FROM_NEED = {
    "kk": "📍 Сауалнамалар үшін ауданыңыз: {name} (соңғы өтінішіңіз бойынша).",
    "ru": "📍 Ваш район для опросов: {name} (по Вашему последнему обращению).",
}
UNKNOWN = {
    "kk": "📍 Сауалнамалар үшін ауданыңыз әлі белгісіз: оны төменде таңдаңыз.",
    "ru": "📍 Ваш район для опросов пока неизвестен: выберите его ниже.",
}
NO_POLLS = {
    "kk": "🗳 Әкімдік сауалнамалары\n\nҚазір сізге арналған сауалнама жоқ. Әкімдік "
    "тұрғындардың пікірін сұрағанда, сауалнама осында келеді.",
    "ru": "🗳 Опросы акимата\n\nСейчас для Вас нет опросов. Когда акимат захочет узнать "
    "мнение жителей, опрос придёт сюда.",
}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return STAFF_SETTINGS


async def choose_district(person: Person, language: str, code: str) -> None:
    await person.send("/polls")
    await person.press(T[language]["my_district"])
    await person.press(DISTRICTS[language][code])
    assert person.last.content == CHOSEN[language].format(name=DISTRICTS[language][code])


def language_of(telegram_id: int) -> str:
    return "kk" if telegram_id % 2 else "ru"


async def town(world: World) -> dict[int, Person]:
    """Nine residents: Almaly 4 (two chose it, two from needs), Medeu 3 (one chose it over
    the district of their need), Auezov 1, and one whose district is not known."""
    people = {i: await world.resident(i, language_of(i)) for i in range(5101, 5110)}
    await choose_district(people[5101], "kk", "almaly")
    await choose_district(people[5102], "ru", "almaly")
    await submit_direct(world, 5103, district="almaly")
    await submit_direct(world, 5104, district="medeu")
    await submit_direct(world, 5104, district="almaly")  # the latest need counts
    await submit_direct(world, 5105, district="medeu")
    await submit_direct(world, 5106, district="medeu", category="utilities")
    await submit_direct(world, 5107, district="auezov")
    await choose_district(people[5107], "kk", "medeu")  # a choice beats the need
    await submit_direct(world, 5108, district="auezov")
    return people


def masks(almaly: str, other: str) -> dict[tuple[str, int | None], str]:
    """Votes 4, 3, 2 in the city: 2 is from fewer than 3 residents, and 3 is hidden with
    it (9 − 4 − 2 would give it back); every district's votes (2, 1, 1 and 2, 2, 1) are
    from fewer than 3."""
    city: dict[tuple[str, int | None], str] = {("city", 2): "hidden", ("city", 3): "few"}
    return city | {(name, n): "few" for name in (almaly, other) for n in (1, 2, 3)}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_small_districts_are_not_shown_on_their_own(world: World, language: str) -> None:
    people = await town(world)
    [listing] = await people[5103].send("/polls")
    assert listing.content == NO_POLLS["kk"] + "\n\n" + FROM_NEED["kk"].format(
        name=DISTRICTS["kk"]["almaly"]
    )
    [listing] = await people[5109].send("/polls")
    assert listing.content == NO_POLLS["kk"] + "\n\n" + UNKNOWN["kk"]

    moderator = await world.resident(ADMIN, language)
    draft = Draft()
    poll_id, closes = await create_poll(world, moderator, language, draft)
    await sent_out(world, poll_id)
    chosen = {5101: 1, 5102: 1, 5103: 2, 5104: 3, 5105: 1, 5106: 2, 5107: 2, 5108: 3, 5109: 1}
    for telegram_id, number in chosen.items():
        code = language_of(telegram_id)
        await people[telegram_id].press(f"{number}. {draft.options(code)[number - 1]}")

    # 9 answered: option 1 by 4 (44 %), 2 by 3 (33 %), 3 by 2 (22 %).
    # Almaly: 4 residents, shown: 2/4 = 50 %, 1/4 = 25 %, 1/4 = 25 %.
    # Medeu has 3, Auezov 1, unknown 1: Auezov and unknown together are 2 < 3, so Medeu, the
    # smallest shown, joins them (else Medeu's numbers would give them away by subtraction):
    # other districts, 5 residents (5105: 1, 5106: 2, 5107: 2, 5108: 3, 5109: 1):
    # 2/5 = 40 %, 2/5 = 40 %, 1/5 = 20 %.
    last = people[5109]  # kk
    names = DISTRICTS["kk"]
    expected = results_lines(
        "kk",
        [4, 3, 2],
        9,
        [(names["almaly"], 4, [50, 25, 25]), (T["kk"]["other"], 5, [40, 40, 20])],
        hidden=True,
        masks=masks(names["almaly"], T["kk"]["other"]),
    )
    assert last.last.content == card(world, draft, "kk", closes, chosen=[0], results=expected)

    [view] = await moderator.send("/pollstats")
    await moderator.press(f"№{poll_id}", view)  # the list turns into the poll's view
    names = DISTRICTS[language]
    staff_block = results_lines(
        language,
        [4, 3, 2],
        9,
        [(names["almaly"], 4, [50, 25, 25]), (T[language]["other"], 5, [40, 40, 20])],
        hidden=True,
        masks=masks(names["almaly"], T[language]["other"]),
    )
    assert view.content.endswith("\n".join(staff_block))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_district_poll_reaches_only_that_district(world: World, language: str) -> None:
    people = await town(world)
    moderator = await world.resident(ADMIN, language)
    draft = Draft(audience="district", audience_pick=DISTRICTS[language]["medeu"])
    poll_id, closes = await create_poll(world, moderator, language, draft)
    await sent_out(world, poll_id)

    reached = {
        i for i, p in people.items() if p.last.content.startswith(T[language_of(i)]["header"])
    }
    assert reached == {5105, 5106, 5107}
    for telegram_id in reached:
        code = language_of(telegram_id)
        assert people[telegram_id].last.content == invitation(world, draft, code, closes)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_topic_poll_reaches_those_who_reported_that_topic(
    world: World, language: str
) -> None:
    people = await town(world)
    moderator = await world.resident(ADMIN, language)
    roads = {"kk": "Жолдар мен тротуарлар", "ru": "Дороги и тротуары"}[language]
    draft = Draft(audience="topic", audience_pick=roads)
    poll_id, _closes = await create_poll(world, moderator, language, draft)
    await sent_out(world, poll_id)

    reached = {
        i for i, p in people.items() if p.last.content.startswith(T[language_of(i)]["header"])
    }
    assert reached == {5103, 5104, 5105, 5107, 5108}  # 5106 reported utilities only
