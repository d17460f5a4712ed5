"""Leader election on a real PostgreSQL database: one leader among candidates; when its
connection dies, or it stops, another takes over; the scheduler runs only on the leader."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

import pytest
from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from bot.database import create_engine
from scheduler import create_scheduler, follow_leader
from scheduler.leader import AdvisoryLockLeader, SoleLeader, create_leader
from tests.conftest import make_settings

RETRY = 0.2
TAKEOVER_BOUND = 5.0  # generous: the design bound is one retry period after the lock is free


async def eventually(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TAKEOVER_BOUND
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {TAKEOVER_BOUND}s: {what}")
        await asyncio.sleep(0.02)


@pytest.fixture
async def candidates(postgres_url: str) -> AsyncIterator[list[AdvisoryLockLeader]]:
    leaders = [AdvisoryLockLeader(postgres_url, retry=RETRY) for _ in range(2)]
    for leader in leaders:
        await leader.start()
    yield leaders
    for leader in leaders:
        await leader.stop()


async def terminate_backend(postgres_url: str, pid: int) -> None:
    admin = create_engine(postgres_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await admin.dispose()


def the_leader(leaders: list[AdvisoryLockLeader]) -> AdvisoryLockLeader:
    [leader] = [candidate for candidate in leaders if candidate.is_leader]
    return leader


@pytest.mark.postgres
async def test_one_candidate_leads_and_another_takes_over_when_its_connection_dies(
    candidates: list[AdvisoryLockLeader], postgres_url: str
) -> None:
    await eventually(lambda: any(c.is_leader for c in candidates), "someone leads")
    await asyncio.sleep(RETRY * 3)  # the other keeps trying meanwhile
    first = the_leader(candidates)
    [second] = [c for c in candidates if c is not first]
    assert first.backend_pid is not None

    await terminate_backend(postgres_url, first.backend_pid)

    await eventually(lambda: second.is_leader, "the other candidate takes over")
    # The killed session freed the lock at once; the first learns it at its next check.
    await eventually(lambda: not first.is_leader, "the first steps down")
    await asyncio.sleep(RETRY * 3)  # the first reconnects, and must not lead again
    assert the_leader(candidates) is second


@pytest.mark.postgres
async def test_a_leader_that_stops_hands_over(candidates: list[AdvisoryLockLeader]) -> None:
    await eventually(lambda: any(c.is_leader for c in candidates), "someone leads")
    first = the_leader(candidates)
    [second] = [c for c in candidates if c is not first]

    await first.stop()

    await eventually(lambda: second.is_leader, "the other candidate takes over")
    assert not first.is_leader


@pytest.mark.postgres
async def test_scheduled_jobs_run_on_the_leader_only(
    candidates: list[AdvisoryLockLeader], postgres_url: str
) -> None:
    runs: list[int] = []
    schedulers = []
    for number, leader in enumerate(candidates):
        scheduler = create_scheduler(make_settings())
        scheduler.add_job(runs.append, "interval", seconds=0.1, args=[number], id="tick")
        follow_leader(scheduler, leader)
        schedulers.append(scheduler)
    try:
        await eventually(lambda: bool(runs), "a job runs")
        first = candidates.index(the_leader(candidates))
        other = 1 - first
        assert schedulers[first].state == STATE_RUNNING
        assert schedulers[other].state == STATE_PAUSED
        assert set(runs) == {first}

        pid = candidates[first].backend_pid
        assert pid is not None
        await terminate_backend(postgres_url, pid)
        await eventually(lambda: runs[-1] == other, "the new leader runs the job")

        assert schedulers[first].state == STATE_PAUSED
        assert schedulers[other].state == STATE_RUNNING
    finally:
        for scheduler in schedulers:
            scheduler.shutdown(wait=False)


async def test_on_sqlite_the_only_process_leads(sqlite_url: str) -> None:
    leader = create_leader(sqlite_url, retry=RETRY)
    changes: list[bool] = []
    leader.watch(changes.append)

    await leader.start()
    await leader.stop()

    assert isinstance(leader, SoleLeader)
    assert changes == [True, False]
