"""Kenes and the emulator together in one process: for the playground and the e2e tests."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

from pydantic import SecretStr

from bot.app import Kenes, build
from bot.settings import Settings
from playground.emulator import Emulator, EmulatorServer

STARTUP_TIMEOUT = 20.0


async def _wait_for_polling(emulator: Emulator, task: asyncio.Task[None], since: int) -> None:
    """Until this bot's first getUpdates (``since``: requests before it started, so that a
    restarted bot is not mistaken for the one before it)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not any(name == "getUpdates" for name, _ in emulator.requests[since:]):
        if task.done():
            task.result()  # raises what stopped the bot
            raise RuntimeError("Kenes stopped before it started polling")
        if time.monotonic() > deadline:
            raise TimeoutError("Kenes did not start polling the emulator")
        await asyncio.sleep(0.01)


@contextlib.asynccontextmanager
async def emulator_server(
    emulator: Emulator, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[EmulatorServer]:
    server = EmulatorServer(emulator, host, port)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@contextlib.asynccontextmanager
async def running_kenes(
    settings: Settings, emulator: Emulator, api_url: str
) -> AsyncIterator[Kenes]:
    """Build Kenes against the emulator at ``api_url`` and keep it polling while in use."""
    settings = settings.model_copy(
        update={"bot_token": SecretStr(emulator.token), "telegram_api_url": api_url}
    )
    kenes = await build(settings)
    since = len(emulator.requests)
    task = asyncio.create_task(kenes.run_polling(handle_signals=False))
    try:
        await _wait_for_polling(emulator, task, since)
        yield kenes
    finally:
        await kenes.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 15)
        await kenes.close()
