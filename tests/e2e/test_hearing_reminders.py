"""Reminders to those registered, 24 hours and 1 hour before, in their language: APScheduler
jobs with deterministic ids, called here by id; a job that runs again sends nothing, and a
restart of the bot rebuilds the jobs from the database without the ones already sent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import Kenes
from models import Hearing
from models.base import utcnow
from playground.emulator import Emulator, Limits
from playground.runner import emulator_server, running_kenes
from tests.conftest import make_settings
from tests.e2e.conftest import World
from tests.e2e.hearings_kit import LANGUAGES, TITLES, H, card_lines, moment, seed_hearing

REMINDER = {
    "kk": "⏰ Еске салу: сіз «{title}» қоғамдық тыңдауына тіркелдіңіз.",
    "ru": "⏰ Напоминание: Вы записались на общественное слушание «{title}».",
}


def hearing_jobs(kenes: Kenes) -> list[str]:
    return sorted(job.id for job in kenes.scheduler.get_jobs() if job.id.startswith("hearing:"))


async def run_job(kenes: Kenes, job_id: str) -> int | None:
    """Run a reminder job now, as the scheduler would, and wait for its broadcast."""
    job = kenes.scheduler.get_job(job_id)
    assert job is not None, job_id
    broadcast_id: int | None = await job.func(*job.args)
    if broadcast_id is not None:
        await kenes.broadcaster.wait(broadcast_id)
    return broadcast_id


def reminder(language: str, starts: object) -> str:
    lines = card_lines(language, starts, seats=10, taken=2)  # type: ignore[arg-type]
    return REMINDER[language].format(title=TITLES[language]) + "\n\n" + "\n".join(lines)


async def test_reminders_once_each_across_reruns_and_restarts(sqlite_url: str) -> None:
    emulator = Emulator(limits=Limits(per_bot=None))
    settings = make_settings(database_url=sqlite_url)
    async with emulator_server(emulator) as server:
        async with running_kenes(settings, emulator, server.url) as kenes:
            world = World(emulator, kenes.tracker, kenes, server)
            starts = moment(3)
            hearing = await seed_hearing(world, starts=starts, seats=10)
            people = {
                lang: await world.resident(7000 + i, lang) for i, lang in enumerate(LANGUAGES)
            }
            for lang, person in people.items():
                await person.send(f"/start h_{hearing.id}")
                await person.press(H[lang]["attend"])
            seen = {lang: len(person.inbox) for lang, person in people.items()}
            day, hour = f"hearing:{hearing.id}:remind:24h", f"hearing:{hearing.id}:remind:1h"
            assert hearing_jobs(kenes) == [hour, day]
            job = kenes.scheduler.get_job(day)
            assert job.next_run_time == starts - timedelta(hours=24)

            assert await run_job(kenes, day) is not None
            assert await run_job(kenes, day) is None  # ran again: nothing more is sent
            for lang, person in people.items():
                assert [m.content for m in person.inbox[seen[lang] :]] == [reminder(lang, starts)]

        async with running_kenes(settings, emulator, server.url) as kenes:  # a restart
            world = World(emulator, kenes.tracker, kenes, server)
            assert hearing_jobs(kenes) == [hour]  # the 24-hour one was sent: not rebuilt
            assert kenes.scheduler.get_job(hour).next_run_time == starts - timedelta(hours=1)
            assert await run_job(kenes, hour) is not None

        async with running_kenes(settings, emulator, server.url) as kenes:  # and another
            assert hearing_jobs(kenes) == []
            for lang, person in people.items():
                assert [m.content for m in person.inbox[seen[lang] :]] == [
                    reminder(lang, starts),
                    reminder(lang, starts),
                ]
    # Nothing else was ever sent to them after they registered.
    assert all(len(person.inbox) == seen[lang] + 2 for lang, person in people.items())


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_job_made_for_an_old_start_time_sends_nothing(world: World, language: str) -> None:
    hearing = await seed_hearing(world, starts=moment(3), seats=10)
    person = await world.resident(7101, language)
    await person.send(f"/start h_{hearing.id}")
    await person.press(H[language]["attend"])
    stale = world.kenes.scheduler.get_job(f"hearing:{hearing.id}:remind:24h")
    seen = len(person.inbox)
    async with world.kenes.sessionmaker() as session, session.begin():
        found = await session.get(Hearing, hearing.id)
        assert found is not None
        found.starts_at = moment(4)  # moved on another instance, say

    assert await stale.func(*stale.args) is None
    assert len(person.inbox) == seen


async def test_when_kenes_was_down_only_the_nearest_reminder_is_sent(world: World) -> None:
    world.kenes.scheduler.pause()  # so that the late job waits here to be looked at
    hearing = await seed_hearing(world, starts=utcnow() + timedelta(minutes=30))
    job = world.kenes.scheduler.get_job(f"hearing:{hearing.id}:remind:1h")
    assert hearing_jobs(world.kenes) == [f"hearing:{hearing.id}:remind:1h"]
    assert job.next_run_time <= utcnow() + timedelta(seconds=5)  # late: at once
