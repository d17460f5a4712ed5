"""The scheduler Kenes builds (``scheduler.create_scheduler``): the private parts of
APScheduler that ``drain`` relies on are there (uv.lock pins the version; this fails loudly
on an upgrade that removes them), a drain lets a running job finish, and a job that runs
longer than KENES_SLOW_JOB_SECONDS is logged at INFO with its duration."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import UTC, datetime
from importlib import metadata

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler import DrainingExecutor, create_scheduler, drain
from tests.conftest import make_settings

APSCHEDULER = metadata.version("apscheduler")


def started(threshold: float = 60.0) -> AsyncIOScheduler:
    scheduler = create_scheduler(make_settings(slow_job_seconds=threshold))
    scheduler.start()
    return scheduler


def finished(scheduler: AsyncIOScheduler) -> asyncio.Event:
    """Set once a job has ended (after every listener registered before, the timer's too)."""
    done = asyncio.Event()
    scheduler.add_listener(lambda _: done.set(), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    return done


async def test_the_private_parts_drain_uses_are_there() -> None:
    scheduler = started()
    try:
        lookup = getattr(scheduler, "_lookup_executor", None)
        assert callable(lookup), (
            f"APScheduler {APSCHEDULER} has no BaseScheduler._lookup_executor: "
            "scheduler.drain must find its executor another way"
        )
        executor = lookup("default")
        assert isinstance(executor, DrainingExecutor)
        assert isinstance(executor, AsyncIOExecutor)
        pending = getattr(executor, "_pending_futures", None)
        assert isinstance(pending, set), (
            f"APScheduler {APSCHEDULER}'s AsyncIOExecutor keeps no _pending_futures set: "
            "DrainingExecutor.drain cannot see the running jobs"
        )
    finally:
        scheduler.shutdown(wait=False)


async def test_a_drain_lets_the_running_job_finish() -> None:
    scheduler = started()
    running, ended = asyncio.Event(), []

    async def job() -> None:
        running.set()
        await asyncio.sleep(0.3)
        ended.append(True)

    scheduler.add_job(job, "date", run_date=datetime.now(UTC), id="long")
    await asyncio.wait_for(running.wait(), 10)
    executor = scheduler._lookup_executor("default")
    assert len(executor._pending_futures) == 1  # what drain waits for

    await drain(scheduler, timeout=10)

    assert ended == [True]
    scheduler.shutdown(wait=False)


async def test_a_slow_job_is_logged_with_its_duration(caplog: pytest.LogCaptureFixture) -> None:
    scheduler = started(threshold=0.2)
    done = finished(scheduler)

    async def slow() -> None:
        await asyncio.sleep(0.3)

    async def failing() -> None:
        await asyncio.sleep(0.3)
        raise RuntimeError("the export failed")

    with caplog.at_level(logging.INFO, logger="scheduler.timing"):
        for job_id, func in (("slow-export", slow), ("failing-export", failing)):
            done.clear()
            scheduler.add_job(func, "date", run_date=datetime.now(UTC), id=job_id)
            await asyncio.wait_for(done.wait(), 10)
    scheduler.shutdown(wait=False)

    timed = [r for r in caplog.records if r.name == "scheduler.timing"]
    assert [r.levelno for r in timed] == [logging.INFO, logging.INFO]
    first, second = (r.getMessage() for r in timed)
    assert re.fullmatch(r"job slow-export ran for \d+\.\d s", first)
    assert re.fullmatch(r"job failing-export failed for \d+\.\d s", second)
    assert 0.3 <= float(first.split()[-2]) < 5


async def test_a_quick_job_says_nothing(caplog: pytest.LogCaptureFixture) -> None:
    scheduler = started(threshold=5)
    done = finished(scheduler)

    async def quick() -> None:
        return None

    with caplog.at_level(logging.DEBUG, logger="scheduler.timing"):
        scheduler.add_job(quick, "date", run_date=datetime.now(UTC), id="quick")
        await asyncio.wait_for(done.wait(), 10)
    scheduler.shutdown(wait=False)

    assert [r for r in caplog.records if r.name == "scheduler.timing"] == []
