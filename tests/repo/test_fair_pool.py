"""Kenes' pool serves waiting checkouts first come, first served (``bot.fair_pool``): a task
that returns the connection and asks again at once no longer overtakes one already waiting,
which on SQLite's one connection left an update waiting until the pool's timeout."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.util import greenlet_spawn
from sqlalchemy.util import queue as sqla_queue

from bot.database import create_engine
from bot.fair_pool import FairQueue

ROUNDS = 50


async def test_a_waiting_checkout_gets_the_connection_before_a_task_asking_again(
    database_url: str,
) -> None:
    # The pool's size (1 on SQLite) is the whole pool here: one connection to share.
    engine = create_engine(database_url, pool_size=1, max_overflow=0, pool_timeout=10)
    rounds_done = 0
    holding = asyncio.Event()

    async def busy() -> None:
        nonlocal rounds_done
        for _ in range(ROUNDS):
            # as bot.sqlite_direct uses it: returned, then asked for again without a pause
            # (a session's close is shielded in a task of its own, which lets a waiter in)
            pooled = await greenlet_spawn(engine.sync_engine.raw_connection)
            holding.set()
            await asyncio.sleep(0)  # a trip elsewhere while holding it
            await greenlet_spawn(pooled.close)
            rounds_done += 1

    async def waiting() -> tuple[int, int]:
        await holding.wait()  # asks while busy() holds the connection
        asked_at = rounds_done
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            return asked_at, rounds_done

    try:
        _, (asked_at, served_at) = await asyncio.gather(busy(), waiting())
    finally:
        await engine.dispose()
    assert served_at - asked_at <= 1, f"asked at round {asked_at}, served at {served_at}"


async def test_a_checkout_that_times_out_leaves_the_pool_usable(database_url: str) -> None:
    engine = create_engine(database_url, pool_size=1, max_overflow=0, pool_timeout=0.05)
    try:
        async with engine.connect() as held:
            await held.execute(text("SELECT 1"))
            with pytest.raises(PoolTimeout):
                async with engine.connect():
                    pass
        async with engine.connect() as connection:  # the gone waiter got nothing
            assert (await connection.execute(text("SELECT 1"))).scalar_one() == 1
    finally:
        await engine.dispose()


async def test_a_connection_handed_to_a_waiter_that_gave_up_goes_to_the_next() -> None:
    queue: FairQueue[str] = FairQueue(maxsize=1)

    first = asyncio.ensure_future(queue._wait(None))
    second = asyncio.ensure_future(queue._wait(None))
    await asyncio.sleep(0)
    queue.put_nowait("connection")  # handed to the first...
    first.cancel()  # ...which is cancelled before it runs
    with pytest.raises(asyncio.CancelledError):
        await first
    assert await second == "connection"
    assert queue.empty()


async def test_idle_connections_wait_in_the_queue_while_nobody_asks() -> None:
    queue: FairQueue[str] = FairQueue(maxsize=2)
    queue.put_nowait("a")
    queue.put_nowait("b")
    assert queue.full() and queue.qsize() == 2
    assert queue.get(block=False) == "a"
    waiter = asyncio.ensure_future(queue._wait(0.01))
    assert queue.get(block=False) == "b"
    with pytest.raises(sqla_queue.Empty):  # the pool turns it into its TimeoutError
        await waiter
