"""Kenes and the emulator together in one process: for the playground and the e2e tests."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

from aiohttp import web
from pydantic import SecretStr

from bot.app import Kenes, build
from bot.settings import Settings
from playground.emulator import Emulator, EmulatorServer

STARTUP_TIMEOUT = 20.0


def _listening(emulator: Emulator, *, webhook: bool, since: int) -> bool:
    if webhook:
        return emulator.webhook is not None
    return any(name == "getUpdates" for name, _ in emulator.requests[since:])


async def _wait_for_updates(
    emulator: Emulator, task: asyncio.Task[None], *, webhook: bool, since: int
) -> None:
    """Until this bot listens: its webhook is set, or its first getUpdates (``since``: the
    requests before it started, so that a restarted bot is not mistaken for the one before)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        emulator.activity.changed.clear()  # every Bot API request moves it
        if _listening(emulator, webhook=webhook, since=since):
            return
        if task.done():
            task.result()  # raises what stopped the bot
            raise RuntimeError("Kenes stopped before it started receiving updates")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("Kenes did not start receiving updates from the emulator")
        await emulator.activity.wait(min(remaining, 0.05))  # or the task's end


@contextlib.asynccontextmanager
async def emulator_server(
    emulator: Emulator,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    app: web.Application | None = None,
) -> AsyncIterator[EmulatorServer]:
    server = EmulatorServer(emulator, host, port, app=app)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@contextlib.asynccontextmanager
async def running_kenes(
    settings: Settings, emulator: Emulator, api_url: str
) -> AsyncIterator[Kenes]:
    """Build Kenes against the emulator at ``api_url`` and keep it receiving updates while in
    use: by long polling, or on its webhook when ``settings.webhook_url`` is set."""
    settings = settings.model_copy(
        update={"bot_token": SecretStr(emulator.token), "telegram_api_url": api_url}
    )
    kenes = await build(settings)
    webhook = settings.webhook_url is not None
    run = kenes.run_webhook if webhook else kenes.run_polling
    since = len(emulator.requests)
    task = asyncio.create_task(run(handle_signals=False))
    try:
        await _wait_for_updates(emulator, task, webhook=webhook, since=since)
        yield kenes
    finally:
        await kenes.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 15)
        await kenes.close()
