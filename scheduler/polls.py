"""The polls' jobs (leader only, like every job; ``scheduler/__init__.py``).

- ``polls.sweep`` (every ``KENES_POLL_SWEEP_SECONDS``, and at start-up): creates the quarter's
  pulse when it is due, opens the polls whose time has come, sends the results of those
  that closed, and (re)creates the job of every opening and closing still ahead, so they
  are rebuilt from the database at start-up and on a new leader.
- ``polls.open:<id>`` / ``polls.close:<id>`` (date jobs): one poll's opening and closing, on
  the minute.
- ``polls.pulse`` (cron on the pulse months, day and hour): runs the sweep then.

A handler that publishes or closes a poll writes it to the database and nudges the sweep
(:func:`nudge`): it runs at once where the scheduler leads, and on the leader within a
sweep interval otherwise. Opening and closing are idempotent (``services.polls``).
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, tzinfo

from aiogram.utils.i18n import I18n
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcast import Broadcaster
from bot.polls.pulse_texts import pulse_texts
from bot.settings import Settings
from models.base import utcnow
from services import polls, pulse

logger = logging.getLogger(__name__)
SWEEP_JOB_ID = "polls.sweep"
PULSE_JOB_ID = "polls.pulse"


def job_id(poll_id: int, *, opening: bool) -> str:
    return f"polls.{'open' if opening else 'close'}:{poll_id}"


def nudge(scheduler: AsyncIOScheduler, tz: tzinfo) -> None:
    """Run the sweep now (on this instance, if it leads)."""
    with contextlib.suppress(JobLookupError):
        scheduler.modify_job(SWEEP_JOB_ID, next_run_time=datetime.now(tz))


class PollJobs:
    def __init__(
        self,
        scheduler: AsyncIOScheduler,
        sessionmaker: async_sessionmaker[AsyncSession],
        broadcaster: Broadcaster,
        settings: Settings,
        i18n: I18n,
    ) -> None:
        self.scheduler = scheduler
        self.sessionmaker = sessionmaker
        self.broadcaster = broadcaster
        self.settings = settings
        self.texts = pulse_texts(i18n)
        self.schedule = pulse.Schedule(
            months=tuple(settings.pulse_months),
            day=settings.pulse_day,
            hour=settings.pulse_hour,
            open_days=settings.pulse_open_days,
            timezone=settings.timezone,
            progress_chat_id=settings.moderator_chat_id,
            progress_language=settings.default_language,
        )

    def register(self) -> None:
        """Add the jobs (every instance; they run where the scheduler leads)."""
        self.scheduler.add_job(
            self.sweep,
            "interval",
            seconds=self.settings.poll_sweep_seconds,
            id=SWEEP_JOB_ID,
            replace_existing=True,
            next_run_time=datetime.now(self.settings.tz),
        )
        if self.settings.pulse_enabled:
            self.scheduler.add_job(
                self.sweep,
                CronTrigger(
                    month=",".join(map(str, self.settings.pulse_months)),
                    day=self.settings.pulse_day,
                    hour=self.settings.pulse_hour,
                    timezone=self.settings.tz,
                ),
                id=PULSE_JOB_ID,
                replace_existing=True,
            )

    async def sweep(self) -> None:
        now = utcnow()
        if self.settings.pulse_enabled:
            async with self.sessionmaker() as session:
                created = await pulse.ensure(session, self.schedule, self.texts, now)
            if created:
                logger.info("pulse polls %s created", created)
        async with self.sessionmaker() as session:
            due = await polls.due(session, now)
        for poll_id in due.to_open:
            await self.open(poll_id)
        for poll_id in due.to_close:
            await self.close(poll_id)
        for poll_id, moment, opening in due.upcoming:
            self.scheduler.add_job(
                self.open if opening else self.close,
                "date",
                run_date=max(moment, now),
                args=[poll_id],
                id=job_id(poll_id, opening=opening),
                replace_existing=True,
            )

    async def open(self, poll_id: int) -> None:
        async with self.sessionmaker() as session:
            broadcast_id = await polls.open_poll(session, poll_id, utcnow())
        if broadcast_id is not None:
            logger.info("poll %s opened: broadcast %s", poll_id, broadcast_id)
            self.broadcaster.start(broadcast_id)

    async def close(self, poll_id: int) -> None:
        async with self.sessionmaker() as session:
            broadcast_id = await polls.send_results(session, poll_id, utcnow())
        if broadcast_id is not None:
            logger.info("poll %s closed: results broadcast %s", poll_id, broadcast_id)
            self.broadcaster.start(broadcast_id)
