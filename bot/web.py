"""Kenes' HTTP server: the webhook (in webhook mode) and the operations endpoints.

- ``GET /healthz``: the process is alive and its event loop answers (liveness).
- ``GET /readyz``: the database and Redis (when configured) answer, and the instance is not
  shutting down (readiness: a load balancer sends webhook traffic only to ready instances).
- ``GET /metrics``: Prometheus text format (``bot.metrics``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.metrics import CONTENT_TYPE, Metrics
from bot.webhook import WebhookEndpoint

if TYPE_CHECKING:  # imported where used: a bot without Redis never loads it
    from redis.asyncio import Redis

CHECK_TIMEOUT = 2.0
Check = Callable[[], Awaitable[object]]


def database_check(engine: AsyncEngine) -> Check:
    async def check() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    return check


def redis_check(redis: Redis) -> Check:
    async def check() -> None:
        await redis.ping()

    return check


@dataclass
class Operations:
    metrics: Metrics
    checks: dict[str, Check] = field(default_factory=dict)
    webhook: WebhookEndpoint | None = None
    draining: bool = False

    async def healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(self, request: web.Request) -> web.Response:
        results = dict(
            zip(self.checks, await asyncio.gather(*map(_probe, self.checks.values())), strict=True)
        )
        ready = all(ok == "ok" for ok in results.values()) and not self.draining
        if self.draining:
            results["shutdown"] = "in progress"
        body = {"status": "ready" if ready else "not ready", "checks": results}
        return web.json_response(body, status=200 if ready else 503, dumps=json.dumps)

    async def metrics_page(self, request: web.Request) -> web.Response:
        return web.Response(body=self.metrics.render(), headers={"Content-Type": CONTENT_TYPE})

    def drain(self) -> None:
        self.draining = True
        if self.webhook is not None:
            self.webhook.draining = True


async def _probe(check: Check) -> str:
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT)
    except Exception as error:
        return f"unavailable ({type(error).__name__})"
    return "ok"


def create_web_app(operations: Operations, *, webhook_path: str | None) -> web.Application:
    app = web.Application(client_max_size=11 * 1024 * 1024)  # the console's photo uploads
    app.router.add_get("/healthz", operations.healthz)
    app.router.add_get("/readyz", operations.readyz)
    app.router.add_get("/metrics", operations.metrics_page)
    if operations.webhook is not None and webhook_path is not None:
        app.router.add_post(webhook_path, operations.webhook)
    return app


class WebServer:
    """Runs the app on ``host:port`` (0: any free port); ``stop`` waits for requests under way
    (each webhook request is an update being handled) up to ``grace`` seconds."""

    def __init__(self, app: web.Application, host: str, port: int, *, grace: float) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=grace)
        self._running = False

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]
        self._running = True

    async def stop(self) -> None:
        if self._running:
            self._running = False
            await self._runner.cleanup()
