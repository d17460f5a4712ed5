"""Polls end to end, in Kazakh and Russian: a moderator creates and publishes a poll, every
resident gets it in their own language, answers with the buttons, changes the answer, and
sees the results when the poll allows it; after closing, answers are refused politely."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import World
from tests.e2e.polls_kit import (
    ADMIN,
    LANGUAGES,
    STAFF_SETTINGS,
    Draft,
    T,
    answers,
    card,
    create_poll,
    invitation,
    option_buttons,
    poll_row,
    results_lines,
    sent_out,
)

PROGRESS_DONE = {
    "kk": "✅ №{number} тарату аяқталды\nЖіберілді: {sent}/{total}\n"
    "Жеткізілмеді: 0\nБотты бұғаттағандар: 0",
    "ru": "✅ Рассылка №{number} завершена\nОтправлено: {sent} из {total}\n"
    "Не доставлено: 0\nЗаблокировали бота: 0",
}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return STAFF_SETTINGS


@pytest.mark.parametrize("language", LANGUAGES)
async def test_publish_answer_and_change_the_answer(world: World, language: str) -> None:
    moderator = await world.resident(ADMIN, language)
    kazakh = await world.resident(4001, "kk")
    russian = await world.resident(4002, "ru")
    draft = Draft()

    poll_id, closes = await create_poll(world, moderator, language, draft)
    await sent_out(world, poll_id)

    for person, code in ((kazakh, "kk"), (russian, "ru")):
        assert person.last.content == invitation(world, draft, code, closes)
        assert person.last.buttons == option_buttons(draft, code)
    progress = PROGRESS_DONE[language].format(number=1, total=3, sent=3)
    assert progress in [m.content for m in moderator.inbox]  # the moderator is a resident too

    assert await kazakh.press("2. Металл") == []  # the card is updated in place
    assert kazakh.answers()[-1] == T["kk"]["saved"]
    few = {("city", None): "few"}  # one or two residents: no figure of theirs is shown
    one = results_lines("kk", [0, 1, 0], 1, hidden=True, masks=few | {("city", 2): "few"})
    assert kazakh.last.content == card(world, draft, "kk", closes, chosen=[1], results=one)
    assert kazakh.last.buttons == option_buttons(draft, "kk", frozenset({1}))

    await russian.press("1. Деревянные")
    assert russian.answers()[-1] == T["ru"]["saved"]
    two = results_lines(
        "ru", [1, 1, 0], 2, hidden=True, masks=few | {("city", 1): "few", ("city", 2): "few"}
    )
    assert russian.last.content == card(world, draft, "ru", closes, chosen=[0], results=two)

    await kazakh.press("3. Тас")
    assert kazakh.answers()[-1] == T["kk"]["changed"]
    changed = results_lines(
        "kk", [1, 0, 1], 2, hidden=True, masks=few | {("city", 1): "few", ("city", 3): "few"}
    )
    assert kazakh.last.content == card(world, draft, "kk", closes, chosen=[2], results=changed)
    assert kazakh.last.buttons == option_buttons(draft, "kk", frozenset({2}))

    assert await answers(world, poll_id) == {4001: [2], 4002: [0]}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_multiple_choice_ticks_then_done(world: World, language: str) -> None:
    moderator = await world.resident(ADMIN, "ru")
    person = await world.resident(4003, language)
    draft = Draft(
        question_kk="Аулада не жетіспейді?",
        question_ru="Чего не хватает во дворе?",
        options_kk=["Балалар алаңы", "Орындықтар", "Жарық", "Ағаштар"],
        options_ru=["Детская площадка", "Скамейки", "Освещение", "Деревья"],
        multiple=True,
    )
    poll_id, closes = await create_poll(world, moderator, "ru", draft)
    await sent_out(world, poll_id)
    t = T[language]
    options = draft.options(language)
    assert person.last.content == invitation(world, draft, language, closes)
    assert person.last.buttons == option_buttons(draft, language)

    await person.press(t["done"])  # nothing ticked yet
    assert person.answers()[-1] == t["tick"]
    await person.press(f"1. {options[0]}")
    await person.press(f"3. {options[2]}")
    await person.press(f"✅ 1. {options[0]}")  # unticked again
    await person.press(f"4. {options[3]}")
    assert person.last.buttons == option_buttons(draft, language, frozenset({2, 3}))
    assert await answers(world, poll_id) == {}  # nothing is saved before “Done”

    await person.press(t["done"])
    assert person.answers()[-1] == t["saved"]
    few = {("city", n): "few" for n in (None, 3, 4)}
    chosen = results_lines(language, [0, 0, 1, 1], 1, hidden=True, masks=few)
    assert person.last.content == card(
        world, draft, language, closes, chosen=[2, 3], results=chosen
    )
    assert await answers(world, poll_id) == {4003: [2, 3]}

    await person.press(f"✅ 3. {options[2]}")
    await person.press(f"2. {options[1]}")
    await person.press(t["done"])
    assert person.answers()[-1] == t["changed"]
    assert await answers(world, poll_id) == {4003: [1, 3]}
    few = {("city", n): "few" for n in (None, 2, 4)}
    changed = results_lines(language, [0, 1, 0, 1], 1, hidden=True, masks=few)
    assert person.last.content == card(
        world, draft, language, closes, chosen=[1, 3], results=changed
    )


@pytest.mark.parametrize("language", LANGUAGES)
async def test_results_only_after_closing_and_answers_after_closing_refused(
    world: World, language: str
) -> None:
    moderator = await world.resident(ADMIN, language)
    person = await world.resident(4004, language)
    other = await world.resident(4005, "kk" if language == "ru" else "ru")
    silent = await world.resident(4006, language)  # never answers
    draft = Draft(visibility="closed_only")
    poll_id, closes = await create_poll(world, moderator, language, draft)
    await sent_out(world, poll_id)
    t = T[language]
    options = draft.options(language)

    await person.press(f"1. {options[0]}")
    assert person.answers()[-1] == t["saved"]
    assert person.last.content == card(world, draft, language, closes, chosen=[0], results=None)
    await other.press("2. " + draft.options("kk" if language == "ru" else "ru")[1])

    await moderator.send("/pollstats")
    await moderator.press(f"№{poll_id}")
    await moderator.press(T[language]["close_now"])
    await moderator.press(T[language]["close_yes"])
    assert moderator.answers()[-1] == T[language]["closed_by_staff"]
    await sent_out(world, poll_id, results=True)

    closed_at = (await poll_row(world, poll_id)).closes_at
    few = {("city", n): "few" for n in (None, 1, 2)}
    final = results_lines(language, [1, 1, 0], 2, hidden=True, masks=few)
    closed_card = card(world, draft, language, closed_at, chosen=[0], results=final, closed=True)
    assert person.last.content == t["final"] + "\n\n" + closed_card
    assert person.last.buttons == []
    invitation_message = person.inbox[-2]
    # the one who did not answer got no results
    assert silent.last.content == invitation(world, draft, language, closes)

    # An answer after closing, from the buttons of the invitation: refused, nothing changes.
    assert await person.press(f"✅ 1. {options[0]}", invitation_message) == []
    assert person.answers()[-1] == t["closed"]
    assert invitation_message.content == closed_card
    assert invitation_message.buttons == []
    await silent.press(f"3. {options[2]}")
    assert silent.answers()[-1] == t["closed"]
    assert await answers(world, poll_id) == {4004: [0], 4005: [1]}
