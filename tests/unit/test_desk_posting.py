"""Cards posted in the background (``Desk.publish_soon``) are waited for at shutdown
(``Desk.finish_posting``), so a card sent is also recorded as posted."""

from __future__ import annotations

import asyncio

from bot.desk import Desk


async def test_shutdown_waits_for_the_cards_being_posted() -> None:
    desk = Desk(*([None] * 5))  # type: ignore[arg-type]  # publish is all this test uses
    posted: list[int] = []

    async def publish(need_id: int) -> int:
        await asyncio.sleep(0.2)
        posted.append(need_id)
        return 1

    desk.publish = publish  # type: ignore[method-assign]
    desk.publish_soon(7)
    assert posted == []  # the update goes on meanwhile
    await desk.finish_posting(timeout=5)
    assert posted == [7]


async def test_shutdown_does_not_wait_longer_than_its_grace() -> None:
    desk = Desk(*([None] * 5))  # type: ignore[arg-type]
    stuck = asyncio.Event()

    async def publish(need_id: int) -> int:
        await stuck.wait()
        return 0

    desk.publish = publish  # type: ignore[method-assign]
    desk.publish_soon(8)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await desk.finish_posting(timeout=0.1)
    assert loop.time() - started < 1
    stuck.set()
    await desk.finish_posting(timeout=5)
