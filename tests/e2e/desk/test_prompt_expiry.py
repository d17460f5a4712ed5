"""A question to a moderator that nobody answered expires (KENES_MODERATOR_PROMPT_SECONDS,
here 6 seconds: room for a loaded machine) and Kenes says so in the group, in the
moderator's language; a reply that comes after that does nothing, and an expired preview can
no longer be confirmed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.e2e.conftest import World
from tests.e2e.desk.kit import BUTTONS, NAMES, ONE, SAY, need_row, settings_for, staff
from tests.e2e.needs_kit import filed, resident_row

LANGUAGES = pytest.mark.parametrize("ml", ["kk", "ru"], indirect=True)


@pytest.fixture
def settings_overrides(ml: str) -> dict[str, Any]:
    return settings_for(ml) | {"moderator_prompt_seconds": 6}


@LANGUAGES
async def test_an_unanswered_prompt_expires_and_says_so(world: World, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, "kk")
    number = await filed(world, resident, "kk")
    told = len(resident.inbox)
    await desk.one.press(BUTTONS[ml]["rej"])
    [asked] = await desk.one.press(SAY[ml]["own"])
    expired = SAY[ml]["expired"].format(name=NAMES[ONE], number=number)

    await world.wait_for(lambda: desk.one.last.content == expired, what="the expiry notice")

    assert desk.one.last.reply_to is asked
    assert await desk.one.reply("Жеке аумақ", asked) == []  # too late: nothing happens
    assert (await need_row(world, number)).status == "new"
    assert len(resident.inbox) == told


@LANGUAGES
async def test_an_unconfirmed_preview_expires_and_loses_its_buttons(world: World, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, "ru")
    number = await filed(world, resident, "ru")
    told = len(resident.inbox)
    await desk.one.press(BUTTONS[ml]["blk"])
    [preview] = await desk.one.answer("Спам / рассылает спам")
    assert preview.buttons == [SAY[ml]["confirm"], SAY[ml]["cancel"]]
    confirm_data = preview.button(SAY[ml]["confirm"])["callback_data"]
    expired = SAY[ml]["expired"].format(name=NAMES[ONE], number=number)

    await world.wait_for(lambda: desk.one.last.content == expired, what="the expiry notice")

    assert preview.buttons == []
    await desk.one.press_data(preview, confirm_data)  # another app still showed the button
    assert desk.one.answers()[-1] == SAY[ml]["stale"]
    assert len(resident.inbox) == told
    assert (await resident_row(world, 1001)).blocked_at is None


@LANGUAGES
async def test_a_reply_that_comes_after_the_question_expired_is_told_so(
    world: World, ml: str
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, "ru")
    number = await filed(world, resident, "ru")
    world.kenes.scheduler.pause()  # the sweep has not come by yet
    await desk.one.press(BUTTONS[ml]["rej"])
    [asked] = await desk.one.press(SAY[ml]["own"])
    await asyncio.sleep(6.2)

    [told] = await desk.one.reply("Жеке аумақ", asked)

    assert told.content == SAY[ml]["expired"].format(name=NAMES[ONE], number=number)
    assert (await need_row(world, number)).status == "new"
    assert await desk.one.reply("Жеке аумақ", asked) == []  # the step is over
