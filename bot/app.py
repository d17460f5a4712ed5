"""Assembling Kenes: database, bot, dispatcher (``bot.dispatcher``), scheduler, broadcaster,
exports, the moderators' desk; and running it.

``kenes run``, the playground and the end-to-end tests all go through :func:`build` and
:meth:`Kenes.run_polling`, so the tests exercise exactly what production runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import signal
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiogram import Bot, Dispatcher
from aiogram.utils.i18n import I18n
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import migrate
from bot.broadcast import Broadcaster, create_broadcaster
from bot.database import create_engine, create_sessionmaker
from bot.dedupe import UpdateClaims, create_claims, shared_redis
from bot.desk import install as install_desk
from bot.dispatcher import SHUTDOWN_GRACE_SECONDS, create_dispatcher
from bot.hearings import broadcasts as hearing_broadcasts
from bot.i18n import create_i18n
from bot.metrics import Metrics
from bot.middlewares import UpdateTracker
from bot.polls import broadcasts as poll_broadcasts
from bot.settings import Settings
from bot.telegram import create_bot
from bot.web import Operations, WebServer, create_web_app, database_check, redis_check
from bot.webhook import WebhookEndpoint
from console import Console, create_console_app
from console import mount as mount_console
from console.app import PREFIX as CONSOLE_PREFIX
from scheduler import create_scheduler
from scheduler.exports import setup_exports
from scheduler.leader import Leader, create_leader
from scheduler.retention import setup_retention
from services import pseudonym
from services.console_access import RedisSessions

if TYPE_CHECKING:  # imported where used: a bot without Redis never loads it
    from redis.asyncio import Redis

__all__ = ["Kenes", "build", "create_dispatcher", "run"]
logger = logging.getLogger(__name__)


@dataclass
class Kenes:
    settings: Settings
    bot: Bot
    dispatcher: Dispatcher
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    i18n: I18n
    tracker: UpdateTracker
    scheduler: AsyncIOScheduler
    metrics: Metrics
    broadcaster: Broadcaster
    leader: Leader
    claims: UpdateClaims
    operations: Operations
    console: Console | None = None  # the akimat's console (None: KENES_CONSOLE_ENABLED=false)
    redis: Redis | None = None  # a client of Kenes' own (not the FSM storage's)
    server: WebServer | None = None
    console_server: WebServer | None = None
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def start_server(self, *, webhook: bool) -> WebServer:
        """Serve the operations endpoints (and the webhook) on the configured address."""
        port = self.settings.listen_port or 0
        app = create_web_app(
            self.operations, webhook_path=self.settings.webhook_path if webhook else None
        )
        if webhook and self.console is not None:
            mount_console(app, self.console)  # behind the same reverse proxy as the webhook
        self.server = WebServer(app, self.settings.http_host, port, grace=SHUTDOWN_GRACE_SECONDS)
        await self.server.start()
        logger.info("HTTP server on %s", self.server.url)
        if webhook and self.console is not None and not self.console.base_url:
            self.console.base_url = self.server.url + CONSOLE_PREFIX
        return self.server

    async def start_console(self) -> None:
        """Serve the console on its own address (polling mode)."""
        if self.console is None or self.console_server is not None:
            return
        app = create_console_app(self.console)
        self.console_server = WebServer(
            app,
            self.settings.console_host,
            self.settings.console_port,
            grace=SHUTDOWN_GRACE_SECONDS,
        )
        try:
            await self.console_server.start()
        except OSError as error:  # the port is taken: the bot itself matters more
            logger.error(
                "the console could not listen on %s:%s (%s); set KENES_CONSOLE_PORT, or "
                "KENES_CONSOLE_ENABLED=false",
                self.settings.console_host,
                self.settings.console_port,
                error,
            )
            self.console_server = None
            return
        if not self.console.base_url:
            self.console.base_url = self.console_server.url + CONSOLE_PREFIX
        logger.info("the console on %s/", self.console.base_url)

    async def run_polling(self, *, handle_signals: bool = True) -> None:
        if self.settings.listen_port is not None:
            await self.start_server(webhook=False)
        await self.start_console()
        await self.bot.delete_webhook(drop_pending_updates=False)
        await self.dispatcher.start_polling(
            self.bot,
            polling_timeout=self.settings.polling_timeout,
            handle_signals=handle_signals,
            allowed_updates=self.dispatcher.resolve_used_update_types(),
            tasks_concurrency_limit=self.settings.concurrent_updates,
        )

    async def run_webhook(self, *, handle_signals: bool = True) -> None:
        """Serve the webhook until SIGTERM/SIGINT (or :meth:`stop`), then shut down gracefully:
        refuse new updates (503: Telegram retries them elsewhere), let the ones under way
        finish, stop the scheduler, give up leadership. The webhook stays registered, for
        the other instances."""
        if self.settings.webhook_url is None or self.settings.webhook_secret is None:
            raise ValueError("KENES_WEBHOOK_URL: not set (needed in webhook mode)")
        if handle_signals:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(signum, self._stop.set)
        workflow = {"dispatcher": self.dispatcher, "bots": [self.bot]}
        workflow |= self.dispatcher.workflow_data
        server = await self.start_server(webhook=True)
        try:
            await self.dispatcher.emit_startup(bot=self.bot, **workflow)
            await self.bot.set_webhook(
                self.settings.webhook_url,
                secret_token=self.settings.webhook_secret.get_secret_value(),
                allowed_updates=self.dispatcher.resolve_used_update_types(),
                drop_pending_updates=False,
            )
            logger.info("receiving updates on the webhook")
            await self._stop.wait()
            logger.info("shutting down: finishing the updates under way")
        finally:
            self.operations.drain()  # 503 to new updates, while these finish:
            await server.stop()  # waits for the requests (updates) under way
            await self.dispatcher.emit_shutdown(bot=self.bot, **workflow)

    async def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(RuntimeError):  # not polling
            await self.dispatcher.stop_polling()

    async def close(self) -> None:
        await self.broadcaster.close()
        if self.server is not None:
            await self.server.stop()
        if self.console_server is not None:
            await self.console_server.stop()
        await self.bot.session.close()
        await self.dispatcher.storage.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.engine.dispose()


def release_memory() -> None:
    """Collect the start-up garbage and hand the C heap's free pages back to the system
    (glibc's ``malloc_trim``; elsewhere, nothing): ~1.5 MB of idle RSS.

    What is left is what the process keeps for its life (modules, aiogram's and pydantic's
    models, SQLAlchemy's mappers, catalogs): ``gc.freeze`` takes it out of the collector's
    generations, so a full collection later walks only what the running bot made since. In
    the dispatch benchmark's process one full collection over ~325,000 such objects took
    185 ms, in the middle of an update (issue 19: the p99)."""
    gc.collect()
    gc.freeze()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


async def _release_memory_once_started() -> None:
    release_memory()


async def build(settings: Settings) -> Kenes:
    """Migrate the database and assemble everything; nothing talks to Telegram yet."""
    if settings.bot_token is None:
        raise ValueError("KENES_BOT_TOKEN is not set")
    pseudonym.configure(settings)  # before any update: erasure and the audit log use it
    await migrate.ensure_head(settings.database_url)
    engine = create_engine(settings.database_url)
    sessionmaker = create_sessionmaker(engine)
    i18n = create_i18n(settings.default_language)
    scheduler = create_scheduler(settings)
    tracker = UpdateTracker()
    metrics = Metrics()
    leader = create_leader(settings.database_url, retry=settings.leader_retry_seconds)
    leader.watch(lambda leading: metrics.leader.set(int(leading)))
    dispatcher = create_dispatcher(
        settings, sessionmaker, i18n, scheduler, tracker, metrics=metrics, leader=leader
    )
    bot = create_bot(
        settings.bot_token.get_secret_value(), settings.telegram_api_url, metrics=metrics
    )
    broadcaster = create_broadcaster(settings, bot, sessionmaker, i18n)
    poll_broadcasts.configure(settings)  # what poll broadcasts say needs the city
    hearing_broadcasts.configure(settings)  # what hearing broadcasts say needs the city
    dispatcher["broadcaster"] = broadcaster
    broadcaster.tracker = tracker
    dispatcher.startup.register(broadcaster.on_startup)  # resumes unfinished broadcasts
    dispatcher.shutdown.register(broadcaster.stop)
    exports = setup_exports(settings, bot, i18n, sessionmaker, scheduler, metrics, leader)
    dispatcher["exports"] = exports  # the exporter and the digests (scheduler/exports.py)
    dispatcher.shutdown.register(exports.close)
    desk = install_desk(dispatcher, bot, scheduler)  # cards of needs for moderators, queue job
    console = None
    if settings.console_enabled:
        console = Console(settings, sessionmaker, i18n, desk, dispatcher["catalog"], bot)
        console.exporter = exports.exporter
        console.broadcaster = broadcaster  # starts the notices the console's actions queue
    dispatcher["console"] = console
    redis = shared_redis(settings, dispatcher.storage)
    if console is not None and redis is not None:  # sessions in Redis when it is there
        console.sessions = RedisSessions(redis, settings.redis_prefix)
    if console is not None:
        scheduler.add_job(
            console.prune, "interval", hours=1, id="prune-console", replace_existing=True
        )
    claims = create_claims(settings, sessionmaker, redis)
    scheduler.add_job(claims.prune, "interval", hours=1, id="prune-claims", replace_existing=True)
    # docs/privacy.md: what is kept only for a while is deleted daily
    retention = setup_retention(settings, sessionmaker, dispatcher.storage, scheduler)
    retention.desk = dispatcher["desk"]  # and the copies posted with the cards
    dispatcher["retention"] = retention
    operations = Operations(metrics, {"database": database_check(engine)})
    if redis is not None:
        operations.checks["redis"] = redis_check(redis)
    if settings.webhook_secret is not None:
        operations.webhook = WebhookEndpoint(
            dispatcher, bot, settings.webhook_secret, claims=claims, metrics=metrics
        )
        operations.webhook.limit(settings.concurrent_updates)
    return Kenes(
        settings,
        bot,
        dispatcher,
        engine,
        sessionmaker,
        i18n,
        tracker,
        scheduler,
        metrics,
        broadcaster,
        leader,
        claims,
        operations,
        console,
        None if redis is getattr(dispatcher.storage, "redis", None) else redis,
    )


async def run(settings: Settings, *, webhook: bool = False) -> None:
    kenes = await build(settings)
    # A process of its own (``kenes run``): after the other start-up handlers. Not in
    # ``build``: a full collection costs a process that holds much more (the tests build
    # Kenes again and again in one process) far more than the ~1.5 MB it gives back.
    kenes.dispatcher.startup.register(_release_memory_once_started)
    try:
        await (kenes.run_webhook() if webhook else kenes.run_polling())
    finally:
        await kenes.close()
