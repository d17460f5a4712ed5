"""A poll that opens later waits for its time in a scheduler job with a deterministic id
(``polls.open:<id>``, and ``polls.close:<id>``); the jobs are rebuilt from the database when
Kenes starts again, and the opening job sends the poll when its time comes."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update

from models import Poll, utcnow
from playground.emulator import Emulator, Limits
from playground.runner import emulator_server, running_kenes
from tests.conftest import make_settings
from tests.e2e.conftest import World
from tests.e2e.polls_kit import (
    ADMIN,
    STAFF_SETTINGS,
    Draft,
    create_poll,
    invitation,
    sent_out,
    wait_for_inbox,
)


async def jobs(world: World, poll_id: int) -> tuple[datetime | None, datetime | None]:
    """When the poll's opening and closing jobs will run (once the sweep made them)."""
    scheduler = world.kenes.scheduler
    await world.wait_for(
        lambda: scheduler.get_job(f"polls.close:{poll_id}") is not None, what="the jobs"
    )
    opening = scheduler.get_job(f"polls.open:{poll_id}")
    closing = scheduler.get_job(f"polls.close:{poll_id}")
    return (
        opening.next_run_time if opening else None,
        closing.next_run_time if closing else None,
    )


async def test_jobs_are_rebuilt_at_start_up_and_open_the_poll_on_time(sqlite_url: str) -> None:
    # The sweep runs at start-up only (then hourly): the per-poll jobs do the work here.
    settings = make_settings(database_url=sqlite_url, poll_sweep_seconds=3600, **STAFF_SETTINGS)
    emulator = Emulator(limits=Limits(per_bot=None))
    tz = settings.tz
    opens = (datetime.now(tz) + timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    draft = Draft(opens=opens, closes_in=timedelta(days=4))
    async with emulator_server(emulator) as server:
        async with running_kenes(settings, emulator, server.url) as kenes:
            world = World(emulator, kenes.tracker, kenes, server)
            moderator = await world.resident(ADMIN, "kk")
            resident = await world.resident(4301, "ru")
            poll_id, closes = await create_poll(world, moderator, "kk", draft)
            assert await jobs(world, poll_id) == (opens, closes)
            before = [message.content for message in resident.inbox]  # no poll yet

        async with running_kenes(settings, emulator, server.url) as kenes:
            world = World(emulator, kenes.tracker, kenes, server)
            assert await jobs(world, poll_id) == (opens, closes)  # rebuilt from the database

            # The opening time comes (moved to now rather than waiting for tomorrow).
            async with kenes.sessionmaker() as session, session.begin():
                await session.execute(
                    update(Poll).where(Poll.id == poll_id).values(opens_at=utcnow())
                )
            kenes.scheduler.modify_job(f"polls.open:{poll_id}", next_run_time=datetime.now(tz))
            await sent_out(world, poll_id)
            person = world.person(4301, "ru")
            await wait_for_inbox(person, len(before) + 1)
            after = [message.content for message in person.inbox]
            assert after == [*before, invitation(world, draft, "ru", closes)]
