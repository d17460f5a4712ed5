"""A round-robin load balancer in front of the bot instances, as nginx or a cloud balancer
would be: each webhook request goes to the next instance; one that cannot be reached is
skipped (``proxy_next_upstream``)."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import aiohttp
from aiohttp import web

from tests.conftest import free_port

if TYPE_CHECKING:
    from tests.e2e.production.processes import BotProcess, Processes


class Balancer:
    def __init__(self, targets: list[str]) -> None:
        self.targets = targets
        self.port = free_port()
        self.served: list[tuple[str, int]] = []  # (target, status) of each forwarded request
        self._turn = itertools.cycle(range(len(targets)))
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._http is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("x-telegram")}
        headers["Content-Type"] = request.content_type
        first = next(self._turn)
        for offset in range(len(self.targets)):
            target = self.targets[(first + offset) % len(self.targets)]
            try:
                async with self._http.post(
                    target + request.path, data=body, headers=headers
                ) as response:
                    self.served.append((target, response.status))
                    return web.Response(status=response.status, body=await response.read())
            except aiohttp.ClientConnectionError:
                continue
        return web.Response(status=502, text="no instance reachable")

    async def start(self) -> None:
        self._http = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_post("/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._http is not None:
            await self._http.close()


@asynccontextmanager
async def behind_balancer(stage: Processes, bots: Sequence[BotProcess]) -> AsyncIterator[Balancer]:
    """Start webhook ``bots`` behind one balancer, Telegram's webhook pointing at it."""
    balancer = Balancer([bot.url for bot in bots])
    await balancer.start()
    for bot in bots:
        bot.env["KENES_WEBHOOK_URL"] = balancer.url + "/telegram/webhook"
        await stage.start(bot)
    try:
        yield balancer
    finally:
        stage.stop_all()
        await balancer.stop()
