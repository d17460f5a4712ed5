"""A poll about a public hearing, in Kazakh and Russian: “Poll for this hearing” on a
published hearing's staff card starts the /newpoll flow linked to the hearing; residents the
poll was sent to find it on the hearing's card and answer it there; a resident it was not
sent to sees no such button; a cancelled hearing takes no new poll."""

from __future__ import annotations

from typing import Any

import pytest

from services import hearings
from services.staff import Actor, Role
from tests.e2e.conftest import World
from tests.e2e.hearings_kit import TITLES, H, moment, seed_hearing, staff_card
from tests.e2e.hearings_texts import STAFF
from tests.e2e.polls_kit import (
    ADMIN,
    LANGUAGES,
    STAFF_SETTINGS,
    Draft,
    T,
    answers,
    create_poll,
    invitation,
    option_buttons,
    poll_row,
    sent_out,
)

INTRO = {
    "kk": "🗳 «{title}» тыңдауына арналған жаңа сауалнама. Тоғыз қысқа қадам; кез келген сәтте "
    "тоқтату үшін /cancel жіберіңіз.",
    "ru": "🗳 Новый опрос к слушанию «{title}». Девять коротких шагов; чтобы остановиться в "
    "любой момент, отправьте /cancel.",
}
ABOUT = {"kk": "Тыңдауға қатысты сауалнама: {title}", "ru": "Опрос к слушанию: {title}"}
POLL_BUTTON = {"kk": "🗳 Сауалнама: {question}", "ru": "🗳 Опрос: {question}"}
NOT_OPEN = {
    "kk": "Бұл тыңдаудың күші жойылған немесе ол өтіп кеткен: оған сауалнама қосуға болмайды.",
    "ru": "Это слушание отменено или уже прошло: опрос к нему добавить нельзя.",
}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return STAFF_SETTINGS


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_poll_for_a_hearing_is_answered_from_its_card(world: World, language: str) -> None:
    s, t = STAFF[language], H[language]
    hearing = await seed_hearing(world, starts=moment(8))
    await world.resident(ADMIN, language)
    resident = await world.resident(4101, language)
    moderator = await staff_card(world, language)
    staff_view = moderator.last
    assert staff_view.buttons == [
        s["questions"].format(count=0), s["qr"], s["poll"], s["edit"], s["cancel"], s["back"]
    ]  # fmt: skip
    draft = Draft()

    poll_id, closes = await create_poll(world, moderator, language, draft, button=s["poll"])
    await sent_out(world, poll_id)

    seen = [m.content for m in moderator.inbox]
    assert INTRO[language].format(title=TITLES[language]) in seen
    [preview] = [text for text in seen if text.startswith("👀")]
    summary = preview.split("\n\n")[-2].splitlines()  # before “Publish it?”
    assert summary[0] == ABOUT[language].format(title=TITLES[language])
    assert (await poll_row(world, poll_id)).hearing_id == hearing.id

    [opened] = await resident.send(f"/start h_{hearing.id}")
    button = POLL_BUTTON[language].format(question=draft.question(language))
    assert opened.buttons == [button, t["attend"], t["ask"], t["ics"], t["all"]]
    [poll_card] = await resident.press(button, opened)
    assert poll_card.content == invitation(world, draft, language, closes)
    assert poll_card.buttons == option_buttons(draft, language)
    await resident.press(option_buttons(draft, language)[1], poll_card)
    assert resident.answers()[-1] == T[language]["saved"]
    assert await answers(world, poll_id) == {4101: [1]}

    newcomer = await world.resident(4102, language)  # came after the poll was sent
    [their_card] = await newcomer.send(f"/start h_{hearing.id}")
    assert their_card.buttons == [t["attend"], t["ask"], t["ics"], t["all"]]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_cancelled_hearing_takes_no_new_poll(world: World, language: str) -> None:
    s = STAFF[language]
    hearing = await seed_hearing(world, starts=moment(8))
    await world.resident(ADMIN, language)
    moderator = await staff_card(world, language)
    staff_view = moderator.last
    async with world.kenes.sessionmaker() as session:  # cancelled by another moderator
        await hearings.cancel(session, hearing.id, Actor(ADMIN, Role.ADMIN), None)

    assert await moderator.press(s["poll"], staff_view) == []  # no flow begins
    assert moderator.answers()[-1] == NOT_OPEN[language]
