"""The burst benchmark's counting, not its timing: which call replies to which update, what
counts as twice and as too late; and the benchmark itself, at 50 residents in 5 seconds on
two instances, ends with every resident's vote stored once and answered once."""

from __future__ import annotations

import contextlib
import time

import pytest

from bench import burst
from bench.burst import BurstEmulator
from playground.emulator import BotApiError
from playground.emulator.params import Params
from tests.conftest import POSTGRES_URL, _require

CARD = {"inline_keyboard": [[{"text": "A", "callback_data": "pv1:1:0"}]]}


async def _call(emulator: BurstEmulator, method: str, **params: object) -> None:
    with contextlib.suppress(BotApiError):
        await emulator.call(method, Params(dict(params)))


async def test_replies_are_matched_to_updates_and_counted_once() -> None:
    emulator = BurstEmulator()
    for user_id in (1, 2, 3):
        user = emulator.user(user_id)
        user.started = True
        emulator.private_chat(user)
        await _call(emulator, "sendMessage", chat_id=user_id, text="?", reply_markup=CARD)
    since = time.monotonic()  # the burst starts: the cards were sent before
    queries = {
        chat: emulator.press(chat, emulator.bot_messages(chat)[0], "pv1:1:0") for chat in (1, 2, 3)
    }
    for chat in (1, 2):
        await _call(emulator, "editMessageText", chat_id=chat, message_id=1, text="✓")
        await _call(emulator, "answerCallbackQuery", callback_query_id=queries[chat])
    await _call(emulator, "answerCallbackQuery", callback_query_id=queries[1])  # twice: refused
    emulator.callback_timeout = 0  # 3's answer comes too late for Telegram
    await _call(emulator, "answerCallbackQuery", callback_query_id=queries[3])
    await _call(emulator, "sendMessage", chat_id=2, text="?")  # not a reply to a vote

    replies = burst._replies(emulator, burst._chat_of_update(emulator), since)

    assert (len(replies.answer), len(replies.edit), replies.refused) == (3, 2, 1)
    assert replies.twice == {"answer": 1, "edit": 0, "other": 1}
    assert all(seconds >= 0 for seconds in [*replies.answer, *replies.edit])


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.redis
async def test_the_benchmark_stores_and_answers_each_of_50_votes_once(redis_url: str) -> None:
    postgres = _require(POSTGRES_URL, "KENES_TEST_POSTGRES_URL")

    figures = await burst.run(50, window=5.0, postgres_url=postgres, redis_url=redis_url)

    counts = ("answered", "answered_too_late", "lost_replies", "still_queued_at_cutoff")
    assert {key: figures[key] for key in counts} == dict.fromkeys(counts, 0) | {"answered": 50}
    assert (figures["votes_stored"], figures["lost_votes"], figures["twice_votes"]) == (50, 0, 0)
    assert (figures["twice_answers"], figures["twice_edits"], figures["other_messages"]) == (
        0,
        0,
        0,
    )
    assert figures["webhook_outcomes"] == {"handled": 50}
    assert figures["per_instance_requests"] == {"a": 25, "b": 25}  # round robin
