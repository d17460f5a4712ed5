"""A need that was claimed is always posted: a claim left by a process that died before
sending the card runs out and the queue job posts the need (once); needs that waited while
their author was blocked are posted when a moderator unblocks the author."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from playground.emulator import Fault
from services import cards
from tests.e2e.conftest import World
from tests.e2e.desk.kit import (
    BUTTONS,
    CROSSED,
    GROUP,
    card,
    cards_of,
    confirm,
    need_row,
    settings_for,
    staff,
)
from tests.e2e.needs_kit import filed

LEASE = 1.0
BLOCK = {
    "kk": {
        "unblock": "✅ Бұғаттан шығару: #{id}",
        "unblocked": "Бұғаттан шығарылды: тұрғынға хабарланды.",
    },
    "ru": {"unblock": "✅ Разблокировать #{id}", "unblocked": "Разблокирован: житель уведомлён."},
}


@pytest.fixture
def settings_overrides(ml: str) -> dict[str, Any]:
    return settings_for(ml) | {"card_claim_lease": LEASE}


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_a_need_claimed_by_a_process_that_died_is_posted_once_its_claim_runs_out(
    world: World, rl: str, ml: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await staff(world, ml)
    desk = world.kenes.dispatcher["desk"]
    resident = await world.resident(1001, rl)

    async def claim_then_die(need_id: int) -> int:
        """What a process killed between the claim's commit and the card leaves behind."""
        async with world.kenes.sessionmaker() as session:
            assert await cards.claim(session, need_id, lease=LEASE) is not None
        return 0

    with monkeypatch.context() as patch:
        patch.setattr(desk, "publish", claim_then_die)
        number = await filed(world, resident, rl)
    await desk.tick()  # the claim is still live: nobody else posts it yet
    assert await cards_of(world, number) == []

    await asyncio.sleep(LEASE + 0.1)
    await desk.tick()  # the queue job
    await desk.tick()  # and once more: posted once

    [posted] = await cards_of(world, number)
    assert posted.content == card(world, ml, await need_row(world, number))
    assert [m for m in world.emulator.bot_messages(GROUP) if m.buttons] == [posted]


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_an_unblock_posts_the_needs_withheld_while_the_author_was_blocked(
    world: World, rl: str, ml: str
) -> None:
    people = await staff(world, ml)
    desk = world.kenes.dispatcher["desk"]
    resident = await world.resident(1001, rl)
    first = await filed(world, resident, rl)
    world.emulator.faults.add(
        Fault("sendMessage", 400, chat_id=GROUP, description="Bad Request: chat not found")
    )
    second = await filed(world, resident, rl)  # its card could not be sent: it waits
    assert await cards_of(world, second) == []
    await people.one.press(BUTTONS[ml]["blk"], (await cards_of(world, first))[0])
    await people.one.answer("Спам <жарнама>")
    await confirm(people.one, ml)
    await desk.tick()  # the group is back, but the author is blocked: the need waits
    assert await cards_of(world, second) == []
    author = (await need_row(world, second)).resident_id

    [listing] = await people.one.send("/blocked")
    await people.one.press(BLOCK[ml]["unblock"].format(id=author), listing)

    assert people.one.answers()[-1] == BLOCK[ml]["unblocked"]
    [posted] = await cards_of(world, second)
    assert posted.content == card(world, ml, await need_row(world, second))
    assert len(await cards_of(world, first)) == 1  # the first is not posted again
