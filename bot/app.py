"""Assembling Kenes: database, catalogs, bot, dispatcher, scheduler; and running it.

``kenes run``, the playground and the end-to-end tests all go through :func:`build` and
:meth:`Kenes.run_polling`, so the tests exercise exactly what production runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.utils.i18n import I18n
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import migrate
from bot.broadcast import Broadcaster, create_broadcaster
from bot.commands import register_commands
from bot.database import create_engine, create_sessionmaker
from bot.i18n import create_i18n
from bot.middlewares import (
    CallbackAnswerer,
    DatabaseSession,
    LanguageMemory,
    ResidentLoader,
    ResidentLocale,
    UpdateTracker,
)
from bot.settings import Settings
from bot.storage import create_storage
from bot.telegram import create_bot
from handlers import get_routers
from scheduler import create_scheduler

logger = logging.getLogger(__name__)
SHUTDOWN_GRACE_SECONDS = 10.0


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
    broadcaster: Broadcaster

    async def run_polling(self, *, handle_signals: bool = True) -> None:
        await self.bot.delete_webhook(drop_pending_updates=False)
        await self.dispatcher.start_polling(
            self.bot,
            polling_timeout=self.settings.polling_timeout,
            handle_signals=handle_signals,
            allowed_updates=self.dispatcher.resolve_used_update_types(),
        )

    async def stop(self) -> None:
        with contextlib.suppress(RuntimeError):  # not polling
            await self.dispatcher.stop_polling()

    async def close(self) -> None:
        await self.broadcaster.close()
        await self.bot.session.close()
        await self.dispatcher.storage.close()
        await self.engine.dispose()


def create_dispatcher(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    i18n: I18n,
    scheduler: AsyncIOScheduler,
    tracker: UpdateTracker,
) -> Dispatcher:
    storage, isolation = create_storage(settings, sessionmaker)
    languages = LanguageMemory()
    dispatcher = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        settings=settings,
        sessionmaker=sessionmaker,
        i18n=i18n,
        languages=languages,
        scheduler=scheduler,
        tracker=tracker,
    )
    # The tracker goes first, before aiogram's own FSM middleware (which reads the state from
    # storage): an update counts as in flight from the moment it is fed, so shutdown and
    # the tests never see a quiet bot while an update is still being read.
    dispatcher.update.outer_middleware._middlewares.insert(0, tracker)
    dispatcher.update.outer_middleware(DatabaseSession(sessionmaker))
    dispatcher.update.outer_middleware(ResidentLoader())
    ResidentLocale(i18n, languages).setup(dispatcher)
    dispatcher.callback_query.middleware(CallbackAnswerer())
    dispatcher.include_routers(*get_routers())
    dispatcher.startup.register(_on_startup)
    dispatcher.shutdown.register(_on_shutdown)
    return dispatcher


async def _on_startup(bot: Bot, i18n: I18n, scheduler: AsyncIOScheduler) -> None:
    await register_commands(bot, i18n)
    if not scheduler.running:
        scheduler.start()
    me = await bot.me()
    logger.info("Kenes is running as @%s", me.username)


async def _on_shutdown(scheduler: AsyncIOScheduler, tracker: UpdateTracker) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(tracker.wait_idle(), SHUTDOWN_GRACE_SECONDS)
    if scheduler.running:
        scheduler.shutdown(wait=False)


async def build(settings: Settings) -> Kenes:
    """Migrate the database and assemble everything; nothing talks to Telegram yet."""
    if settings.bot_token is None:
        raise ValueError("KENES_BOT_TOKEN is not set")
    await migrate.upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    sessionmaker = create_sessionmaker(engine)
    i18n = create_i18n(settings.default_language)
    scheduler = create_scheduler(settings)
    tracker = UpdateTracker()
    dispatcher = create_dispatcher(settings, sessionmaker, i18n, scheduler, tracker)
    bot = create_bot(settings.bot_token.get_secret_value(), settings.telegram_api_url)
    broadcaster = create_broadcaster(settings, bot, sessionmaker, i18n)
    dispatcher["broadcaster"] = broadcaster
    dispatcher.startup.register(broadcaster.on_startup)  # resumes unfinished broadcasts
    dispatcher.shutdown.register(broadcaster.stop)
    return Kenes(
        settings, bot, dispatcher, engine, sessionmaker, i18n, tracker, scheduler, broadcaster
    )


async def run(settings: Settings) -> None:
    kenes = await build(settings)
    try:
        await kenes.run_polling()
    finally:
        await kenes.close()
