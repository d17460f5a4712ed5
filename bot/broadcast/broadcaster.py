"""The broadcaster of this process: starts, resumes and stops broadcast runs.

A feature creates a broadcast (``services.broadcasts.create``) and calls
``broadcaster.start(broadcast.id)``; handlers get ``broadcaster`` by parameter name. At
start-up every unfinished broadcast that no live instance holds is resumed, and a scheduler
job looks again every ``KENES_BROADCAST_LEASE`` seconds, so a broadcast whose instance died
is taken over by another one.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING

from aiogram import Bot
from aiogram.utils.i18n import I18n
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcast.delivery import Sender
from bot.broadcast.limiter import LocalRateLimiter, RateLimiter
from bot.broadcast.renderers import RENDERERS, Renderer
from bot.broadcast.run import BroadcastRun
from bot.settings import Settings
from models.broadcast import Broadcast
from services import broadcasts, deliveries

if TYPE_CHECKING:
    from bot.middlewares.tracker import UpdateTracker

logger = logging.getLogger(__name__)
TELEGRAM_FREE_RATE = 30.0
RESUME_JOB_ID = "broadcasts.resume"
WhenDone = Callable[[int | None], Awaitable[None]]  # called with the subject's id


class Broadcaster:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        i18n: I18n,
        settings: Settings,
        limiter: RateLimiter,
        renderers: Mapping[str, Renderer] = RENDERERS,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.limiter = limiter
        self.renderers = renderers
        self.runner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._sender = Sender(bot, sessionmaker, i18n, limiter, settings)
        self._runs: dict[int, asyncio.Task[None]] = {}
        self._when_done: dict[str, WhenDone] = {}
        # Sending that follows an update (notices) counts as that update's work for whoever
        # waits for the bot to be quiet (tests); set by ``bot.app``.
        self.tracker: UpdateTracker | None = None

    def when_done(self, kind: str, callback: WhenDone) -> None:
        """Call ``callback(subject_id)`` when a broadcast of ``kind`` is done."""
        self._when_done[kind] = callback

    def start(self, broadcast_id: int, *, tracked: bool = False) -> asyncio.Task[None]:
        """Send the broadcast in the background (once: a second call returns the same run).
        ``tracked``: it follows an update (a notice), and the tracker counts it as work."""
        task = self._runs.get(broadcast_id)
        if task is None or task.done():
            sender = dataclasses.replace(self._sender, in_flight=set())

            async def done(broadcast: Broadcast) -> None:
                await self._done(broadcast, tracked=tracked)

            run = BroadcastRun(sender, self.renderers, broadcast_id, self.runner, done)
            task = asyncio.create_task(run.run(), name=f"broadcast-{broadcast_id}")
            self._runs[broadcast_id] = task
            if tracked and self.tracker is not None:
                tracker = self.tracker
                tracker.work_started()
                task.add_done_callback(lambda _task: tracker.work_finished())
        return task

    async def _done(self, broadcast: Broadcast, *, tracked: bool) -> None:
        """What waited for the broadcast starts; its kind's callback runs."""
        async with self.sessionmaker() as session:
            for follower in await broadcasts.followers(session, broadcast.id):
                self.start(follower, tracked=tracked)
        callback = self._when_done.get(broadcast.kind)
        if callback is not None:
            await callback(broadcast.subject_id)

    async def resume(self) -> list[int]:
        """Start every unfinished broadcast that no live runner holds."""
        async with self.sessionmaker() as session:
            ids = await deliveries.resumable(session)
        for broadcast_id in ids:
            self.start(broadcast_id)
        if ids:
            logger.info("resuming broadcasts %s", ids)
        return ids

    async def wait(self, broadcast_id: int) -> None:
        """Until this process' run of the broadcast ends (for tests and the CLI)."""
        task = self._runs.get(broadcast_id)
        if task is not None:
            await asyncio.shield(task)

    async def on_startup(self, scheduler: AsyncIOScheduler) -> None:
        await self.resume()
        scheduler.add_job(
            self.resume,
            "interval",
            seconds=self.settings.broadcast_lease,
            id=RESUME_JOB_ID,
            replace_existing=True,
        )

    async def stop(self) -> None:
        """Stop sending; each run first records what Telegram already accepted."""
        running = [task for task in self._runs.values() if not task.done()]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)

    async def close(self) -> None:
        await self.limiter.close()


def create_limiter(settings: Settings) -> RateLimiter:
    if settings.broadcast_rate > TELEGRAM_FREE_RATE and not settings.broadcast_paid:
        logger.warning(
            "KENES_BROADCAST_RATE=%s is above Telegram's free limit of %s messages a second; "
            "set KENES_BROADCAST_PAID=true or expect 429s",
            settings.broadcast_rate,
            TELEGRAM_FREE_RATE,
        )
    if settings.redis_url:
        from bot.broadcast.redis_limiter import RedisRateLimiter

        return RedisRateLimiter.from_url(
            settings.redis_url,
            rate=settings.broadcast_rate,
            chat_interval=settings.broadcast_chat_interval,
            prefix=settings.broadcast_redis_prefix,
        )
    return LocalRateLimiter(
        settings.broadcast_rate, chat_interval=settings.broadcast_chat_interval
    )


def create_broadcaster(
    settings: Settings, bot: Bot, sessionmaker: async_sessionmaker[AsyncSession], i18n: I18n
) -> Broadcaster:
    return Broadcaster(bot, sessionmaker, i18n, settings, create_limiter(settings))
