"""The broadcast benchmark's counting, not its timing: what the emulator accepted per chat
gives the duplicates, the missed and the strangers; and the benchmark itself, at 50
subscribers, ends with each of them told once and nobody else."""

from __future__ import annotations

import contextlib

from bench import broadcast
from bench.inboxes import StampingEmulator, Tally, tally
from playground.emulator import BotApiError, Fault
from playground.emulator.params import Params


async def _send(emulator: StampingEmulator, chat_id: int) -> None:
    with contextlib.suppress(BotApiError):
        await emulator.call("sendMessage", Params({"chat_id": chat_id, "text": "📣"}))


async def test_duplicates_missed_and_strangers_are_counted_per_chat() -> None:
    emulator = StampingEmulator()
    for user_id in (1, 2, 3, 4, 5):
        user = emulator.user(user_id)
        user.started = True
        emulator.private_chat(user)
    emulator.faults.add(Fault("sendMessage", 429, retry_after=3, chat_id=3))
    for chat_id in (1, 1, 2, 3, 5):  # 1 twice; 3 refused (429); 4 never; 5 not in the audience
        await _send(emulator, chat_id)

    counted = tally(emulator, {1, 2, 3, 4})

    assert counted == Tally(
        sent=3,
        duplicates=1,
        missed=2,
        strangers=1,
        achieved_rate=counted.achieved_rate,
    )
    assert emulator.retry_afters == [3]
    assert counted.exactly_once == 2


async def test_the_benchmark_tells_each_of_50_subscribers_once_and_nobody_else() -> None:
    figures = await broadcast.run(50, others=5, limit=500, injected=1)

    assert {key: figures[key] for key in ("sent", "duplicates", "missed", "sent_to_others")} == {
        "sent": 50,
        "duplicates": 0,
        "missed": 0,
        "sent_to_others": 0,
    }
    assert (figures["injected_429"], figures["answered_429"]) == (1, 1)
    assert figures["deliveries"] == {"sent": 50}
