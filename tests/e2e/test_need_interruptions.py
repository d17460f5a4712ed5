"""/cancel leaves the need flow from every step and sends nothing; /start in the middle asks
the same question again and the resident goes on from there."""

from __future__ import annotations

import pytest

from models import Need
from playground.people import Person
from tests.e2e.conftest import World
from tests.e2e.needs_kit import LANGUAGES, STEPS, T, count, needs_of, reach

EDIT_QUESTION = {"kk": "Нені өзгерткіңіз келеді?", "ru": "Что Вы хотите изменить?"}


async def reach_step(person: Person, language: str, step: str) -> None:
    if step == "edit":
        await reach(person, language, "confirm")
        await person.press(T[language]["edit"])
    else:
        await reach(person, language, step)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("step", [*STEPS, "edit"])
@pytest.mark.parametrize("how", ["/cancel", "button"])
async def test_cancel_at_every_step_sends_nothing(
    world: World, language: str, step: str, how: str
) -> None:
    texts = T[language]
    person = await world.resident(6001, language)
    await reach_step(person, language, step)

    if how == "/cancel":
        [reply] = await person.send("/cancel")
    else:
        [reply] = await person.tap(texts["cancel_button"])

    assert reply.content == texts["cancelled"]
    assert person.keyboard[0] == texts["report"]  # the main menu is back
    assert await count(world, Need) == 0
    [after] = await person.send("/cancel")
    assert after.content == {"kk": "Бас тартатын әрекет жоқ.", "ru": "Отменять нечего."}[language]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("step", [*STEPS, "edit"])
async def test_start_in_the_middle_asks_the_same_question_again(
    world: World, language: str, step: str
) -> None:
    texts = T[language]
    person = await world.resident(6002, language)
    await reach_step(person, language, step)

    resume, question = await person.send("/start")

    assert resume.content == texts["resume"]
    expected = EDIT_QUESTION[language] if step == "edit" else texts[step]
    assert question.content.startswith(expected)
    if step in ("confirm", "edit"):
        if step == "edit":
            await person.press(
                {"kk": "⬅️ Карточкаға оралу", "ru": "⬅️ Вернуться к карточке"}[language]
            )
        await person.press(texts["send"])
        assert len(await needs_of(world, 6002)) == 1  # the draft survived the interruption
