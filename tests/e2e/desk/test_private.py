"""Without a moderators' group (``KENES_MODERATOR_CHAT_ID`` unset) every moderator and
administrator gets the card privately, each in their own language; one press edits every
copy; a staff member Kenes cannot write to yet gets the card once they can."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import World
from tests.e2e.desk.kit import (
    BUTTONS,
    CARD,
    NAMES,
    NOTICE,
    ONE,
    SAY,
    STATUS,
    TWO,
    accept,
    card,
    cards_of,
    latest_action_at,
    need_row,
    notice,
    open_buttons,
    settings_for,
    staff,
    when,
)
from tests.e2e.needs_kit import filed, submit_direct
from tests.e2e.staff import ADMIN


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return settings_for("kk", group=False)


@pytest.mark.parametrize("rl", ["kk", "ru"])
async def test_each_staff_member_gets_a_card_in_their_language_and_all_are_edited(
    world: World, rl: str
) -> None:
    languages = {ADMIN: "kk", ONE: "ru", TWO: "kk"}
    desk = await staff(world, "kk", group=False, languages=languages)
    resident = await world.resident(1001, rl)

    number = await filed(world, resident, rl)

    need = await need_row(world, number)
    copies = await cards_of(world, number)
    assert [(m.chat.id, m.content) for m in copies] == [
        (person, card(world, languages[person], need)) for person in (ADMIN, ONE, TWO)
    ]
    assert [m.buttons for m in copies] == [open_buttons(languages[p]) for p in (ADMIN, ONE, TWO)]
    told = len(resident.inbox)
    old_accept = copies[2].button(BUTTONS["kk"]["acc"])["callback_data"]

    await accept(desk.one, "ru", copies[1])

    at = await latest_action_at(world, number)
    for person, copy in zip((ADMIN, ONE, TWO), await cards_of(world, number), strict=True):
        language = languages[person]
        shown = (STATUS[language]["accepted"], NAMES[ONE])
        assert copy.content == card(
            world, language, need, status="accepted", last=shown, last_at=at
        )
        assert copy.buttons == open_buttons(language, "accepted")
    accepted = NOTICE[rl]["accepted"].format(deadline=when(need.deadline_at, rl, world))
    assert [m.content for m in resident.inbox[told:]] == [notice(rl, number, "accepted", accepted)]
    await desk.two.press_data(copies[2], old_accept)  # an old view of TWO's copy
    assert desk.two.answers()[-1] == SAY["kk"]["already"].format(
        number=number, status=STATUS["kk"]["accepted"]
    )


async def test_questions_in_a_private_chat_have_a_stop_button(world: World) -> None:
    desk = await staff(world, "ru", group=False)
    resident = await world.resident(1001, "kk")
    number = await filed(world, resident, "kk")
    [copy] = [m for m in await cards_of(world, number) if m.chat.id == ONE]

    [question] = await desk.one.press(BUTTONS["ru"]["dup"], copy)

    assert question.content == (
        f"Дубликатом какого обращения является {number}? Отправьте его номер, например "
        "N-2026-000012."
    )
    assert question.buttons == [SAY["ru"]["stop"]]
    [stopped] = await desk.one.press(SAY["ru"]["stop"], question)
    assert stopped.content == "Остановлено. Ничего не изменено."
    assert await desk.one.send("N-2026-000001") != []  # out of the flow: the resident menu
    assert (await need_row(world, number)).status == "new"


async def test_a_card_waits_for_someone_who_can_receive_it(world: World) -> None:
    world.emulator.user(ADMIN, first_name=NAMES[ADMIN])  # has never written to Kenes
    resident = await world.resident(1001, "ru")
    need = await submit_direct(world, resident.id)
    desk = world.kenes.dispatcher["desk"]

    assert await desk.publish(need.id) == 0  # Telegram: "bot can't initiate conversation"
    assert await cards_of(world, need.number) == []

    admin = await world.resident(ADMIN, "ru")
    await desk.tick()  # the queue job tries again
    await world.settle()

    [posted] = await cards_of(world, need.number)
    assert posted.chat.id == ADMIN == admin.id
    assert posted.content.startswith(CARD["ru"]["need"].format(number=need.number))
    await desk.tick()  # and posts it once
    assert await cards_of(world, need.number) == [posted]
