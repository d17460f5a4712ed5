"""Kenes' dispatcher: the middlewares in the order an update meets them, the routers, and what
happens when it starts and stops. ``bot.app.build`` adds the broadcaster, exports and the
moderators' desk, which need the bot."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from aiogram import Bot, Dispatcher
from aiogram.utils.i18n import I18n
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.catalog import load_catalog
from bot.commands import register_commands
from bot.database import is_sqlite
from bot.dedupe import shared_redis
from bot.inline_filters import run_filters_inline
from bot.metrics import Metrics, UpdateMetrics
from bot.middlewares import (
    CallbackAnswerer,
    DatabaseSession,
    LanguageMemory,
    ResidentLoader,
    ResidentLocale,
    StateWrites,
    Throttle,
    UpdateTracker,
)
from bot.middlewares.throttling import Buckets, LocalBuckets, RedisBuckets
from bot.resident_cache import ResidentCache, SharedResidentCache
from bot.routing import index_routes
from bot.settings import Settings
from bot.staff_commands import start_staff_menus, stop_staff_menus
from bot.storage import DatabaseStorage, create_storage
from handlers import get_routers
from scheduler import drain, follow_leader
from scheduler.leader import Leader, SoleLeader

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from bot.desk import Desk

logger = logging.getLogger(__name__)
SHUTDOWN_GRACE_SECONDS = 10.0


def create_dispatcher(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    i18n: I18n,
    scheduler: AsyncIOScheduler,
    tracker: UpdateTracker,
    *,
    metrics: Metrics | None = None,
    leader: Leader | None = None,
) -> Dispatcher:
    storage, isolation = create_storage(settings, sessionmaker)
    languages = LanguageMemory()
    metrics = metrics or Metrics()
    dispatcher = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        disable_fsm=True,  # registered below, after the tracker
        settings=settings,
        sessionmaker=sessionmaker,
        i18n=i18n,
        languages=languages,
        scheduler=scheduler,
        tracker=tracker,
        metrics=metrics,
        leader=leader,
        catalog=load_catalog(settings.city),
    )
    # An update counts as under way from its arrival: while it waits for the resident's
    # lock and their state is loaded (the FSM middleware), and while an error is answered.
    dispatcher.update.outer_middleware(tracker)
    dispatcher.update.outer_middleware(UpdateMetrics(metrics))
    dispatcher.update.outer_middleware(dispatcher.fsm)
    if isinstance(storage, DatabaseStorage):  # an update's writes stored together
        dispatcher.update.outer_middleware(StateWrites(storage))
    dispatcher.errors.outer_middleware(tracker)
    dispatcher.update.outer_middleware(DatabaseSession(sessionmaker))
    redis = shared_redis(settings, storage)
    cache = _resident_cache(settings, sessionmaker, redis)
    if isinstance(cache, SharedResidentCache):
        dispatcher.startup.register(cache.start)
        dispatcher.shutdown.register(cache.stop)
    dispatcher.update.outer_middleware(ResidentLoader(cache))
    ResidentLocale(i18n, languages).setup(dispatcher)
    throttle = Throttle(_flood_buckets(settings, redis))
    dispatcher.message.outer_middleware(throttle)
    dispatcher.callback_query.outer_middleware(throttle)
    dispatcher.callback_query.middleware(CallbackAnswerer())
    dispatcher.include_routers(*get_routers())
    run_filters_inline(dispatcher)
    index_routes(dispatcher)
    dispatcher.startup.register(_on_startup)
    dispatcher.shutdown.register(_on_shutdown)
    return dispatcher


def _flood_buckets(settings: Settings, redis: Redis | None) -> Buckets:
    """Per-person flood control: in Redis when there is one (shared by every instance)."""
    burst, rate = settings.flood_burst, settings.flood_rate
    if redis is not None:
        return RedisBuckets(redis, burst=burst, rate=rate, prefix=settings.redis_prefix)
    return LocalBuckets(burst=burst, rate=rate)


def _resident_cache(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], redis: Redis | None
) -> ResidentCache | None:
    """Residents in memory where this process is the database's only writer (SQLite); with
    PostgreSQL, where other instances change residents too, for a few seconds and only while
    Redis tells this instance of their writes (``bot.resident_cache``); without Redis every
    update reads its row."""
    engine = sessionmaker.kw.get("bind")
    if not isinstance(engine, AsyncEngine):
        return None
    if is_sqlite(settings.database_url):
        return ResidentCache(engine)
    if redis is not None:
        return SharedResidentCache(engine, redis, settings.redis_prefix)
    return None


async def _on_startup(
    bot: Bot,
    i18n: I18n,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    scheduler: AsyncIOScheduler,
    leader: Leader | None,
) -> None:
    await register_commands(bot, i18n)
    start_staff_menus(bot, i18n, settings, sessionmaker)
    leader = leader or SoleLeader()  # a dispatcher built without one: the only process
    follow_leader(scheduler, leader)
    await leader.start()
    me = await bot.me()
    logger.info("Kenes is running as @%s", me.username)


async def _on_shutdown(
    scheduler: AsyncIOScheduler,
    tracker: UpdateTracker,
    leader: Leader | None,
    desk: Desk | None = None,
) -> None:
    await stop_staff_menus()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(tracker.wait_idle(), SHUTDOWN_GRACE_SECONDS)
    if desk is not None:  # the cards the last updates left posting
        await desk.finish_posting(SHUTDOWN_GRACE_SECONDS)
    await drain(scheduler, SHUTDOWN_GRACE_SECONDS)
    if scheduler.running:
        scheduler.shutdown(wait=False)
    if leader is not None:
        await leader.stop()  # frees the lock: another instance takes over at once
