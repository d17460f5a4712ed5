"""One broadcast being sent by this process.

A producer reads due deliveries from the database in id order and hands them to
``KENES_BROADCAST_CONCURRENCY`` workers through a short queue; each worker renders the
message in the recipient's language, waits for the rate limiter and sends it (see
:mod:`bot.broadcast.delivery`). When a pass is over, deliveries that failed for a passing
reason are due again later (their ``next_attempt_at``), and the producer sleeps until then.

The run holds the broadcast's lease and renews it; if it cannot (the broadcast was
cancelled, or another instance took it after this one stalled), it stops sending. However it
ends, it first waits until every message handed to Telegram is recorded, then closes the
broadcast (when nothing is pending) or releases it for a later resume.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping

from sqlalchemy.exc import DBAPIError

from bot.broadcast.delivery import Sender
from bot.broadcast.progress import ProgressMessage
from bot.broadcast.renderers import Renderer
from models.base import utcnow
from models.broadcast import Broadcast, BroadcastState, Recipient
from services import broadcasts, deliveries

logger = logging.getLogger(__name__)
MIN_PASS_PAUSE = 0.05
Done = Callable[[Broadcast], Awaitable[None]]


class BroadcastRun:
    def __init__(
        self,
        sender: Sender,
        renderers: Mapping[str, Renderer],
        broadcast_id: int,
        runner: str,
        done: Done | None = None,
    ) -> None:
        self.sender = sender
        self.settings = sender.settings
        self.sessionmaker = sender.sessionmaker
        self.renderers = renderers
        self.id = broadcast_id
        self.runner = runner
        self.halted = False  # stop sending: cancelled, or the lease is lost
        self.lost = False  # another runner holds the broadcast now
        self.done = done  # called once the broadcast is done (nothing pending)
        self.broadcast: Broadcast | None = None

    async def run(self) -> None:
        lease = self.settings.broadcast_lease
        async with self.sessionmaker() as session:
            if not await deliveries.claim(session, self.id, self.runner, lease):
                return
            broadcast = await broadcasts.get(session, self.id)
        render = self.renderers.get(broadcast.kind) if broadcast else None
        if broadcast is None or render is None:
            logger.error("broadcast %s: no renderer for its kind, left pending", self.id)
            async with self.sessionmaker() as session:
                await deliveries.release(session, self.id, self.runner)
            return
        self.broadcast = broadcast
        s = self.sender
        progress = ProgressMessage(s.bot, s.sessionmaker, s.i18n, s.limiter, broadcast)
        done = asyncio.Event()
        keeper = asyncio.create_task(self._keep_lease())
        follower = asyncio.create_task(
            progress.follow(self.settings.broadcast_progress_interval, done)
        )
        try:
            await self._send_all(render, broadcast.subject_id)
        finally:
            keeper.cancel()
            done.set()
            await asyncio.shield(self._settle(progress, follower))

    async def _send_all(self, render: Renderer, subject_id: int | None) -> None:
        workers = self.settings.broadcast_concurrency
        queue: asyncio.Queue[Recipient] = asyncio.Queue(maxsize=workers * 2)
        tasks = [
            asyncio.create_task(self._work(queue, render, subject_id)) for _ in range(workers)
        ]
        try:
            cursor = 0
            while not self.halted:
                async with self.sessionmaker() as session:
                    if not await deliveries.still_running(session, self.id):
                        self.halted = True  # cancelled: what is queued stays unsent
                        break
                    batch = await deliveries.due(
                        session, self.id, after_id=cursor, limit=workers * 4
                    )
                for recipient in batch:
                    await queue.put(recipient)
                if batch:
                    cursor = batch[-1].delivery_id
                    continue
                await queue.join()
                async with self.sessionmaker() as session:
                    pending, earliest = await deliveries.next_retry(session, self.id)
                if pending == 0:
                    break
                cursor = 0
                wait = (earliest - utcnow()).total_seconds() if earliest else 0.0
                await asyncio.sleep(
                    min(max(wait, MIN_PASS_PAUSE), self.settings.broadcast_lease / 3)
                )
            await queue.join()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _work(
        self, queue: asyncio.Queue[Recipient], render: Renderer, subject_id: int | None
    ) -> None:
        while True:
            recipient = await queue.get()
            try:
                if not self.halted:
                    await self._deliver(recipient, render, subject_id)
            except Exception:  # left pending: the next pass tries it again
                logger.exception("broadcast %s: delivery %s", self.id, recipient.delivery_id)
            finally:
                queue.task_done()

    async def _deliver(
        self, recipient: Recipient, render: Renderer, subject_id: int | None
    ) -> None:
        try:
            rendered = await self.sender.render(render, recipient, subject_id)
        except Exception as error:  # a renderer's bug must not stop the broadcast
            logger.exception("broadcast %s: rendering failed", self.id)
            async with self.sessionmaker() as session:
                await deliveries.mark_failed(session, recipient, f"render: {error!r}")
            return
        await self.sender.deliver(recipient, rendered)

    async def _keep_lease(self) -> None:
        lease = self.settings.broadcast_lease
        while True:
            await asyncio.sleep(lease / 3)
            try:
                async with self.sessionmaker() as session:
                    if await deliveries.claim(session, self.id, self.runner, lease):
                        continue
                    self.halted = True
                    self.lost = await deliveries.still_running(session, self.id)
                    return
            except DBAPIError:  # try again; the lease outlives a few missed renewals
                logger.warning("broadcast %s: lease not renewed", self.id, exc_info=True)

    async def _settle(self, progress: ProgressMessage, follower: asyncio.Task[None]) -> None:
        if self.sender.in_flight:
            await asyncio.wait(set(self.sender.in_flight))
        await asyncio.gather(follower, return_exceptions=True)
        if self.lost:
            logger.warning("broadcast %s: another runner took it over", self.id)
            return
        async with self.sessionmaker() as session:
            result = await broadcasts.finish(session, self.id)
        if result is not None:
            with contextlib.suppress(Exception):
                await progress.show(result)
        if result is not None and result.state == BroadcastState.DONE and self.done:
            assert self.broadcast is not None
            try:
                await self.done(self.broadcast)
            except Exception:  # what follows a broadcast must not undo it
                logger.exception("broadcast %s: what follows it failed", self.id)
