"""``kenes playground`` (and ``make run`` without a token): the emulator, Kenes and the web
chat in one process, until Ctrl+C."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator

from bot.app import Kenes
from bot.settings import Settings
from playground.banner import banner
from playground.cast import Cast
from playground.emulator import Emulator, EmulatorServer
from playground.runner import emulator_server, running_kenes
from playground.web.app import create_playground_app


@contextlib.asynccontextmanager
async def web_playground(
    settings: Settings, emulator: Emulator, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[tuple[EmulatorServer, Kenes]]:
    """The web playground running: its server (``server.url`` is the page) and Kenes."""
    cast = Cast.for_settings(settings)
    cast.populate(emulator)
    app = create_playground_app(emulator, cast, settings.city)
    async with (
        emulator_server(emulator, host=host, port=port, app=app) as server,
        running_kenes(cast.configure(settings), emulator, server.url) as kenes,
    ):
        yield server, kenes


async def serve(settings: Settings, *, host: str, port: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with web_playground(settings, Emulator(), host=host, port=port) as (server, kenes):
        console = kenes.console.base_url if kenes.console is not None else None
        print(banner(server.url, Cast.for_settings(settings), console=console), flush=True)
        await stop.wait()
