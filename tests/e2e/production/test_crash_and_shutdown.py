"""Nothing is lost when a process dies: ``kill -9`` in the middle of a conversation, a new
process, and the resident finishes where they stopped (database FSM storage on SQLite with
long polling; Redis and PostgreSQL with a webhook). SIGTERM lets the update under way finish
before the process exits."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from playground.emulator import Fault
from playground.people import Person
from tests.e2e.production.conftest import SECRET, check_stored
from tests.e2e.production.conversations import CONVERSATIONS, GREETING, play
from tests.e2e.production.processes import BotProcess, Processes

pytestmark = pytest.mark.slow


@pytest.fixture(
    params=[
        "polling-sqlite",
        pytest.param("webhook-postgres-redis", marks=[pytest.mark.postgres, pytest.mark.redis]),
    ]
)
def deployment(
    request: pytest.FixtureRequest, tmp_path: Path, bot_process: Callable[..., BotProcess]
) -> BotProcess:
    """The first bot process of a deployment: one polling process on an SQLite file, or a
    webhook process on PostgreSQL with its FSM state in Redis."""
    if request.param == "polling-sqlite":
        return bot_process("first", f"sqlite+aiosqlite:///{tmp_path / 'kenes.db'}", webhook=False)
    bot = bot_process(
        "first",
        request.getfixturevalue("postgres_url"),
        webhook=True,
        redis_url=request.getfixturevalue("redis_url"),
        redis_prefix=request.getfixturevalue("redis_prefix"),
        webhook_secret=SECRET,
    )
    bot.env["KENES_WEBHOOK_URL"] = bot.url + "/telegram/webhook"
    return bot


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_kill_9_mid_conversation_then_restart_and_finish(
    stage: Processes, deployment: BotProcess, language: str
) -> None:
    first = await stage.start(deployment)
    conversation = CONVERSATIONS["need flow"](language)
    person = Person(stage, 6001, language_code=language)
    await play(conversation, person, slice(0, 7))  # a need drafted up to its description

    await stage.kill(first)
    await stage.start(replace(first, name="second", process=None))  # same settings and port
    await play(conversation, person, slice(7, None))  # the draft is still there

    await check_stored(first.env["KENES_DATABASE_URL"], conversation.stored, person)


@pytest.mark.parametrize(("mode", "language"), [("polling-sqlite", "kk"), ("webhook", "ru")])
async def test_sigterm_lets_the_update_under_way_finish(
    stage: Processes,
    bot_process: Callable[..., BotProcess],
    tmp_path: Path,
    mode: str,
    language: str,
) -> None:
    webhook = mode == "webhook"
    bot = bot_process(
        "bot",
        f"sqlite+aiosqlite:///{tmp_path / 'kenes.db'}",
        webhook=webhook,
        **({"webhook_secret": SECRET} if webhook else {}),
    )
    bot.env["KENES_WEBHOOK_URL"] = bot.url + "/telegram/webhook" if webhook else ""
    await stage.start(bot)
    conversation = CONVERSATIONS["first conversation"](language)
    person = Person(stage, 6002, language_code=language)
    await play(conversation, person, slice(0, 3))
    stage.emulator.faults.add(Fault("sendMessage", delay=2.0, chat_id=person.id))
    before = len(person.inbox)

    stage.emulator.send_text(person.id, "/start")
    await stage.wait_for(lambda: stage.emulator.active_requests > 0, what="the slow answer")
    bot.terminate()
    assert bot.process is not None
    exit_code = await asyncio.to_thread(bot.process.wait, 30)

    assert exit_code == 0
    assert [m.content for m in person.inbox[before:]] == [GREETING[language]]
