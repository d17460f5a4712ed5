"""Buttons that no longer mean anything: stale ones, forged ones, and Send pressed twice or
from an old card. Each is answered in the resident's language and files nothing extra."""

from __future__ import annotations

import pytest

from models import Need
from tests.e2e.conftest import World
from tests.e2e.needs_kit import LANGUAGES, T, count, needs_of, reach

ALREADY_SENT = {
    "kk": "Бұл өтініш жіберіліп қойған, оның нөмірі: {number}.",
    "ru": "Это обращение уже отправлено под номером {number}.",
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_send_pressed_twice_at_once_files_one_need(world: World, language: str) -> None:
    texts = T[language]
    person = await world.resident(5001, language)
    [card] = await reach(person, language, "confirm")
    data = card.button(texts["send"])["callback_data"]

    world.emulator.press(person.id, card, data)
    world.emulator.press(person.id, card, data)
    await world.settle()

    [need] = await needs_of(world, 5001)
    assert await count(world, Need) == 1
    assert ALREADY_SENT[language].format(number=need.number) in person.answers()
    registered = [m for m in person.inbox if need.number in m.content]
    assert len(registered) == 1  # the number was announced once


@pytest.mark.parametrize("language", LANGUAGES)
async def test_an_old_send_button_does_not_file_again_nor_send_the_new_draft(
    world: World, language: str
) -> None:
    texts = T[language]
    person = await world.resident(5002, language)
    [old_card] = await reach(person, language, "confirm")
    old_send = old_card.button(texts["send"])["callback_data"]
    await person.press(texts["send"])
    [first] = await needs_of(world, 5002)
    [new_card] = await reach(person, language, "confirm", category="utilities")

    await person.press_data(old_card, old_send)  # the old button, from a client's stale view

    assert person.answers()[-1] == ALREADY_SENT[language].format(number=first.number)
    assert await count(world, Need) == 1
    await person.press(texts["send"], new_card)  # the new draft was kept and goes through
    needs = await needs_of(world, 5002)
    assert [n.category for n in needs] == ["roads", "utilities"]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_button_from_an_abandoned_flow_is_stale_and_the_place_kept(
    world: World, language: str
) -> None:
    texts = T[language]
    person = await world.resident(5003, language)
    _intro, old_question = await reach(person, language, "category")
    await person.send("/cancel")
    await reach(person, language, "district")

    replies = await person.press(texts["utilities"], old_question)

    assert replies == []
    assert person.answers()[-1] == texts["stale"]
    [question] = await person.press(texts["almaly"])  # still at the district step
    assert question.content == texts["place"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("payload", "answer"),
    [
        ("nd1c:category:sewage", "not_available"),  # a category that does not exist
        ("nd1c:district:almaly", "stale"),  # a district while a category is asked
        ("nd1s:" + "0" * 32, "stale"),  # Send for a draft that never existed
        ("my1n:999999:0", "foreign"),  # somebody else's need, or none
        ("zz9:garbage", "stale"),
    ],
)
async def test_a_forged_payload_is_refused_politely(
    world: World, language: str, payload: str, answer: str
) -> None:
    texts = T[language]
    person = await world.resident(5004, language)
    _intro, question = await reach(person, language, "category")

    replies = await person.press_data(question, payload)

    expected = {
        "foreign": {"kk": "Бұл өтініш сіздікі емес.", "ru": "Этого обращения нет среди Ваших."}[
            language
        ],
    }.get(answer) or texts[answer]
    assert replies == []
    assert person.answers()[-1] == expected
    [next_question] = await person.press(texts["roads"], question)  # the flow goes on
    assert next_question.content == texts["district"]
    assert await count(world, Need) == 0
