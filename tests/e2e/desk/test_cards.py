"""A new need reaches the moderators' group as a card: photos first (an album, or the one
photo), then the card with its buttons, every typed text escaped, in the group's language
whatever the resident's; a long description still fits one message."""

from __future__ import annotations

import re
import time

import pytest

from playground.emulator.limits import Fault
from tests.e2e.conftest import World
from tests.e2e.desk.kit import (
    CARD,
    EVERY_PAIR,
    GROUP,
    card,
    cards_of,
    need_row,
    open_buttons,
    staff,
)
from tests.e2e.needs_kit import T, filed, reach, submit_direct


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize(("rl", "ml"), EVERY_PAIR, indirect=["ml"])
async def test_a_new_need_is_posted_as_a_card_with_its_photos(
    world: World, rl: str, ml: str
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    before = len(desk.one.inbox)
    description = "Яма <b>глубокая</b> & опасная, у дома 5"

    number = await filed(world, resident, rl, description=description, photos=2)

    posted = desk.one.inbox[before:]
    assert [len(m.extra.get("photo", [])) > 0 for m in posted] == [True, True, False]
    assert posted[0].caption == CARD[ml]["album"].format(number=number)
    assert posted[1].caption is None
    need = await need_row(world, number)
    assert posted[2].content == card(world, ml, need, photos=2, description=description)
    assert "Яма &lt;b&gt;глубокая&lt;/b&gt; &amp; опасная" in (posted[2].html or "")
    assert posted[2].buttons == open_buttons(ml)
    assert await cards_of(world, number) == [posted[2]]
    assert resident.last.content.startswith({"kk": "✅ Өтінішіңіз", "ru": "✅ Ваше обращение"}[rl])


@pytest.mark.parametrize("ml", ["kk", "ru"], indirect=True)
async def test_a_located_need_with_one_photo(world: World, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1002, "ru")
    texts = T["ru"]
    await resident.tap(texts["report"])
    await resident.press(texts["roads"])
    await resident.press(texts["almaly"])
    await resident.share_location(43.25, 76.92)
    await resident.send("Не горит фонарь у остановки уже неделю")
    await resident.send_photo()
    await resident.press(texts["done"])
    before = len(desk.one.inbox)

    await resident.press(texts["send"])

    photo, posted = desk.one.inbox[before:]
    need = await need_row(world, re.findall(r"N-\d{4}-\d{6}", posted.content)[0])
    assert photo.caption == CARD[ml]["album"].format(number=need.number)
    point = CARD[ml]["point"].format(latitude="43.25000", longitude="76.92000")
    expected = card(world, ml, need, photos=1, place=point, location=(43.25, 76.92))
    assert posted.content == expected
    [link] = [e for e in posted.entities if e["type"] == "text_link"]
    assert link["url"] == "https://maps.google.com/?q=43.25000,76.92000"


async def test_a_2000_character_description_and_three_photos_fit(world: World, ml: str) -> None:
    desk = await staff(world, "kk")
    resident = await world.resident(1003, "kk")
    description = ("Аулада үлкен шұңқыр бар, " * 80)[:1990].rstrip()
    description += "." * (2000 - len(description))
    before = len(desk.one.inbox)

    number = await filed(world, resident, "kk", description=description, photos=3)

    posted = desk.one.inbox[before:]
    assert len(posted) == 4  # an album of three, then the card
    need = await need_row(world, number)
    assert posted[3].content == card(world, "kk", need, photos=3, description=description)
    assert utf16(posted[3].content) <= 4096


@pytest.mark.parametrize("ml", ["ru"], indirect=True)
async def test_a_description_of_emoji_is_shortened_to_fit_one_message(
    world: World, ml: str
) -> None:
    await staff(world, ml)
    resident = await world.resident(1004, "ru")
    description = "Яма " + "🕳" * 1990  # 2 UTF-16 units each: over Telegram's 4096
    # (filed by the service; through the flow: test_long_texts.py)
    need = await submit_direct(world, resident.id, description=description)

    assert await world.kenes.dispatcher["desk"].publish(need.id) == 1

    [posted] = await cards_of(world, need.number)
    assert utf16(posted.content) <= 4096
    shown = posted.content.split("Описание: ", 1)[1].split("\nФотографии:", 1)[0]
    assert shown.endswith("…") and description.startswith(shown[:-1])
    assert utf16(posted.content) > 4096 - 10  # shortened no more than needed
    assert posted.chat.id == GROUP


async def test_the_resident_is_answered_before_the_moderators_card_is_posted(
    world: World,
) -> None:
    """Send does not wait for the calls to Telegram that post the card (one per moderators'
    chat): the resident's confirmation and the button's answer come first, the card after."""
    desk = await staff(world, "kk")
    resident = await world.resident(1003, "ru")
    await reach(resident, "ru", "confirm")
    world.emulator.faults.add(Fault("sendMessage", delay=2.0, chat_id=GROUP))
    before, inbox = len(desk.one.inbox), len(resident.inbox)
    send = resident.inbox[-1]

    pressed = time.monotonic()
    query = world.emulator.press(resident.id, send, send.button(T["ru"]["send"])["callback_data"])
    await world.wait_for(
        lambda: world.emulator.callbacks[query]["answer"] is not None, what="the button's answer"
    )
    answered = time.monotonic() - pressed
    told = [m.content for m in resident.inbox[inbox:]]
    await world.settle()

    assert answered < 1.5  # the card's sendMessage alone takes 2 s
    assert any(text.startswith("✅ Ваше обращение") for text in told)
    assert len(desk.one.inbox) == before + 1  # and the card was posted all the same
