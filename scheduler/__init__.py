"""APScheduler, in the city's time zone. Jobs are thin: they take ids and call services.

Every job runs on the leader only (``scheduler.leader``; handlers and jobs reach it as
``leader`` in the dispatcher's workflow data, or ``Kenes.leader``): each instance registers
all jobs at start-up (deterministic ids, ``replace_existing=True``) and starts its scheduler
paused;
:func:`follow_leader` resumes it while this instance is the leader and pauses it when it is
not. So a job is not lost when the leader dies: the new leader's scheduler has it too, and
runs a tick that fell due while it was paused once (``coalesce``, within
``misfire_grace_time``). That tick may have run on the old leader already, which is one more
reason every job must be idempotent. Work started from a handler (a broadcast, an export on
demand) is written to the database and picked up by a periodic job, never scheduled as a
one-off job from the handler: the instance that handled the update may not be the leader.
A long job checks ``leader.is_leader`` between batches and stops when it turns false.
"""

from __future__ import annotations

import asyncio

from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.settings import Settings
from scheduler.leader import Leader
from scheduler.timing import EVENTS, JobTimer


class DrainingExecutor(AsyncIOExecutor):  # type: ignore[misc]  # no stubs
    """APScheduler's asyncio executor, which cancels running jobs when it shuts down; this
    one lets them finish first, within a grace period (:func:`drain`)."""

    async def drain(self, timeout: float) -> None:
        running = [future for future in self._pending_futures if not future.done()]
        if running:
            await asyncio.wait(running, timeout=timeout)


def create_scheduler(settings: Settings) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(
        timezone=settings.tz,
        executors={"default": DrainingExecutor()},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    scheduler.add_listener(JobTimer(settings.slow_job_seconds), EVENTS)
    return scheduler


async def drain(scheduler: AsyncIOScheduler, timeout: float) -> None:
    """Start no more jobs, and wait up to ``timeout`` seconds for those running to end (a
    job still running after that is cancelled by the shutdown)."""
    if not scheduler.running:
        return
    scheduler.pause()
    executor = scheduler._lookup_executor("default")
    if isinstance(executor, DrainingExecutor):
        await executor.drain(timeout)


def follow_leader(scheduler: AsyncIOScheduler, leader: Leader) -> None:
    """Start ``scheduler`` paused, and run its jobs only while ``leader.is_leader``."""
    if not scheduler.running:
        scheduler.start(paused=True)

    def on_change(leading: bool) -> None:
        if not scheduler.running:
            return
        if leading:
            scheduler.resume()
        else:
            scheduler.pause()

    leader.watch(on_change)
