"""How long scheduled jobs run: each job that runs longer than ``KENES_SLOW_JOB_SECONDS`` is
logged at INFO with its duration once it ends (APScheduler's own lines about every run are at
DEBUG, ``bot.logs.SchedulerRoutine``). Measured from the job's submission to its end, through
APScheduler's public events."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_SUBMITTED

EVENTS = EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR
logger = logging.getLogger(__name__)


class JobTimer:
    """An APScheduler listener (``scheduler.add_listener(timer, EVENTS)``)."""

    def __init__(self, threshold: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.threshold = threshold
        self.clock = clock
        self._started: dict[tuple[str, datetime], float] = {}

    def __call__(self, event: Any) -> None:
        if event.code == EVENT_JOB_SUBMITTED:
            for run_time in event.scheduled_run_times:
                self._started[(event.job_id, run_time)] = self.clock()
            return
        started = self._started.pop((event.job_id, event.scheduled_run_time), None)
        if started is None:
            return
        took = self.clock() - started
        if took >= self.threshold:
            outcome = "failed" if event.code == EVENT_JOB_ERROR else "ran"
            logger.info("job %s %s for %.1f s", event.job_id, outcome, took)
