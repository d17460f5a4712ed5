"""Reporting a need from the menu to its reference number, in Kazakh and in Russian."""

from __future__ import annotations

import pytest

from models import NeedEvent, NeedPhoto
from tests.e2e.conftest import World
from tests.e2e.needs_kit import (
    ADDRESS,
    DESCRIPTION,
    LANGUAGES,
    REGISTERED,
    T,
    count,
    needs_of,
    reach,
)

CARD = {
    "kk": "Жібермес бұрын өтінішіңізді тексеріңіз.\n\n"
    "Санаты: Жолдар мен тротуарлар\n"
    "Ауданы: Алмалы ауданы\n"
    "Орналасқан жері: ул. Абая, 10\n"
    "Сипаттамасы: Большая яма на дороге возле дома, машины объезжают по тротуару\n"
    "Фотосуреттер: 2",
    "ru": "Пожалуйста, проверьте обращение перед отправкой.\n\n"
    "Категория: Дороги и тротуары\n"
    "Район: Алмалинский район\n"
    "Место: ул. Абая, 10\n"
    "Описание: Большая яма на дороге возле дома, машины объезжают по тротуару\n"
    "Фотографии: 2",
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_need_is_filed_step_by_step_and_gets_its_number(
    world: World, language: str
) -> None:
    texts = T[language]
    person = await world.resident(3001, language)

    intro, question = await person.tap(texts["report"])
    assert intro.content == texts["intro"]
    assert person.keyboard == [texts["cancel_button"]]
    assert question.content == texts["category"]
    assert len(question.buttons) == 12 and texts["roads"] in question.buttons

    [question] = await person.press(texts["roads"])
    assert question.content == texts["district"]
    assert len(question.buttons) == 8
    [question] = await person.press(texts["almaly"])
    assert question.content == texts["place"]
    assert person.keyboard == [texts["location_button"], texts["cancel_button"]]
    [question] = await person.send(ADDRESS)
    assert question.content == texts["description"]
    [question] = await person.send(DESCRIPTION)
    assert question.content == texts["photos"]
    assert question.buttons == [texts["skip"]]
    await person.send_photo()
    [added] = await person.send_photo()
    assert added.buttons == [texts["done"]]
    [card] = await person.press(texts["done"])
    assert card.content == CARD[language]
    assert card.buttons == [texts["send"], texts["edit"], texts["cancel"]]

    [registered] = await person.press(texts["send"])

    match = REGISTERED[language].fullmatch(registered.content)
    assert match is not None, registered.content
    [need] = await needs_of(world, 3001)
    assert need.number == match.group(1)
    assert (need.category, need.district, need.address) == ("roads", "almaly", ADDRESS)
    assert need.description == DESCRIPTION
    assert need.status == "new"
    assert await count(world, NeedPhoto) == 2
    assert await count(world, NeedEvent) == 1
    assert card.buttons == []  # the card cannot be sent again
    assert person.keyboard[0] == texts["report"]  # back to the main menu


LOCATED = {
    "kk": "Орналасқан жері: 📍 картадағы нүкте: 43.25600, 76.94500",
    "ru": "Место: 📍 точка на карте: 43.25600, 76.94500",
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_shared_location_inside_the_city_is_the_place(world: World, language: str) -> None:
    texts = T[language]
    person = await world.resident(3002, language)
    await reach(person, language, "place")

    [question] = await person.share_location(43.256, 76.945)

    assert question.content == texts["description"]
    await person.send(DESCRIPTION)
    [card] = await person.press(texts["skip"])
    assert LOCATED[language] in card.content.split("\n")
    await person.press(texts["send"])
    [need] = await needs_of(world, 3002)
    assert (need.address, need.latitude, need.longitude) == (None, 43.256, 76.945)


EDIT_MENU = {
    "kk": ["Санат", "Аудан", "Орналасқан жері", "Сипаттама", "Фотосуреттер", "⬅️ Карточкаға оралу"],
    "ru": ["Категория", "Район", "Место", "Описание", "Фотографии", "⬅️ Вернуться к карточке"],
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_edit_changes_one_field_and_comes_back_to_the_card(
    world: World, language: str
) -> None:
    texts = T[language]
    person = await world.resident(3003, language)
    [old_card] = await reach(person, language, "confirm")

    [menu] = await person.press(texts["edit"])
    assert (
        menu.content
        == {"kk": "Нені өзгерткіңіз келеді?", "ru": "Что Вы хотите изменить?"}[language]
    )
    assert menu.buttons == EDIT_MENU[language]
    assert old_card.buttons == []  # the old card can no longer be sent
    [question] = await person.press(EDIT_MENU[language][1])
    assert question.content == texts["district"]
    [card] = await person.press(texts["medeu"])

    assert card.content.startswith(texts["confirm"])
    assert texts["medeu"] in card.content
    assert DESCRIPTION in card.content  # the rest is kept
    await person.press(texts["send"])
    [need] = await needs_of(world, 3003)
    assert need.district == "medeu"


@pytest.mark.parametrize("language", LANGUAGES)
async def test_cancel_on_the_card_sends_nothing(world: World, language: str) -> None:
    texts = T[language]
    person = await world.resident(3004, language)
    await reach(person, language, "confirm")

    [reply] = await person.press(texts["cancel"])

    assert reply.content == texts["cancelled"]
    assert person.keyboard[0] == texts["report"]
    assert await needs_of(world, 3004) == []
