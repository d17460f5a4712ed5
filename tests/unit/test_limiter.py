"""The in-process rate limiter on a clock the test moves: the bot's budget, the gap per chat
and the pause after a 429."""

from __future__ import annotations

import pytest

from bot.broadcast.limiter import LocalRateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def slot(limiter: LocalRateLimiter, chat_id: int) -> tuple[float, bool]:
    wait, reserved = await limiter.reserve(chat_id)
    return round(wait, 6), reserved


async def test_messages_are_spaced_by_the_rate() -> None:
    limiter = LocalRateLimiter(10, chat_interval=1.0, clock=Clock())

    waits = [await slot(limiter, chat) for chat in (1, 2, 3, 4)]

    assert waits == [
        (0.0, True),
        (0.1, True),
        (0.2, True),
        (0.3, True),
    ]


async def test_one_chat_waits_its_own_gap_without_holding_up_the_others() -> None:
    limiter = LocalRateLimiter(1000, chat_interval=1.0, clock=Clock())

    assert await slot(limiter, 7) == (0.0, True)
    assert await slot(limiter, 7) == (1.0, False)  # no slot taken
    assert await slot(limiter, 8) == (0.001, True)


async def test_acquire_for_a_busy_chat_asks_again_after_its_gap() -> None:
    clock = Clock()
    limiter = LocalRateLimiter(1000, chat_interval=1.0, clock=clock)
    limiter.sleep = clock.sleep

    await limiter.acquire(7)
    await limiter.acquire(7)

    assert clock.now == pytest.approx(1001.0)


async def test_a_pause_holds_everyone_and_ends() -> None:
    clock = Clock()
    limiter = LocalRateLimiter(30, chat_interval=1.0, clock=clock)
    await limiter.pause(3)
    await limiter.pause(1)  # a shorter pause does not cut the longer one

    assert await limiter.paused_for() == pytest.approx(3.0)
    assert await slot(limiter, 5) == (3.0, True)
    clock.now += 3.5
    assert await limiter.paused_for() == 0
    assert await slot(limiter, 6) == (0.0, True)


async def test_a_reservation_made_before_a_pause_waits_for_its_end() -> None:
    clock = Clock()
    limiter = LocalRateLimiter(1, chat_interval=0, clock=clock)

    async def sleep_and_get_paused(seconds: float) -> None:
        await clock.sleep(seconds)
        if clock.now < 1002:  # another worker got a 429 while this one waited
            await limiter.pause(5)

    limiter.sleep = sleep_and_get_paused
    await limiter.acquire(1)  # now
    await limiter.acquire(2)  # its slot was at +1 s, but the pause began meanwhile

    assert clock.now == pytest.approx(1006.0)
