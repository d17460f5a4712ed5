"""Issue 14, part 8: the periods /privacy states are the ones the daily retention job keeps.
The test reads the periods out of /privacy itself, then moves the job's clock to a day
before and a day after each one: what the notice promises to delete is there until then and
gone after."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select, update

from bot.dedupe import RETENTION
from handlers.needs.states import NeedFlow
from models import AuditEntry, ErasedAccount, FsmRecord, Need, NeedPhoto, NeedStatus
from models.base import utcnow
from models.processed_update import ProcessedUpdate
from scheduler.retention import JOB_ID, Retention
from tests.e2e.conftest import World
from tests.e2e.needs_kit import T, change, reach, submit_direct
from tests.e2e.privacy_kit import PAIRS, erase
from tests.e2e.privacy_kit import database as database
from tests.e2e.privacy_kit import world as world
from tests.e2e.test_audit_privacy import forged_payload

PERIODS = {  # unlike the defaults and each other, so that each is read where it belongs
    "abandoned_flow_days": 11,
    "closed_need_photo_days": 13,
    "erasure_memory_days": 17,
    "refusal_audit_days": 19,
}
HOW_LONG = {"kk": "Қанша уақыт:", "ru": "Как долго:"}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return dict(PERIODS)


def promised(notice: str, language: str) -> list[int]:
    """The number in each line of "How long" after the first (kept while you use Kenes)."""
    lines = notice.split(HOW_LONG[language], 1)[1].splitlines()
    bullets = [line for line in lines if line.startswith("• ")]
    assert len(bullets) == 6, bullets
    return [int(re.search(r"\d+", line).group()) for line in bullets[1:]]  # type: ignore[union-attr]


async def counts(world: World, flow_key: str) -> dict[str, int]:
    async with world.kenes.sessionmaker() as session, session.begin():

        async def count(query: Any) -> int:
            return int(await session.scalar(query) or 0)

        return {
            "flow": await count(select(func.count()).where(FsmRecord.key.like(flow_key))),
            "photos": await count(select(func.count(NeedPhoto.id)))
            + await count(select(func.count(Need.id)).where(Need.voice_file_id.is_not(None))),
            "memory": await count(select(func.count()).select_from(ErasedAccount)),
            "refusals": await count(
                select(func.count(AuditEntry.id)).where(AuditEntry.action == "access.refused")
            ),
        }


@pytest.mark.parametrize(("language", "database"), PAIRS, indirect=["database"])
async def test_privacy_states_the_periods_the_retention_job_keeps(
    world: World, language: str
) -> None:
    reader = await world.resident(23001, language)
    [notice] = await reader.send("/privacy")
    flow_days, photo_days, update_hours, memory_days, refusal_days = promised(
        notice.content, language
    )

    drafting = await world.resident(23002, language)  # leaves a need half-written
    await reach(drafting, language, "description")
    closed = await world.resident(23003, language)  # a need with a photo, then resolved
    await reach(closed, language, "confirm", photos=1)
    await closed.press(T[language]["send"])
    async with world.kenes.sessionmaker() as session, session.begin():
        need_id = await session.scalar(select(Need.id).order_by(Need.id))
    assert need_id is not None
    async with world.kenes.sessionmaker() as session, session.begin():  # told by voice too
        await session.execute(
            update(Need)
            .where(Need.id == need_id)
            .values(voice_file_id="voice-1", voice_duration=9)
        )
    await change(world, need_id, NeedStatus.RESOLVED)
    forger = await world.resident(23004, language)
    await forger.press_data(forger.last, forged_payload())
    erased = await world.resident(23005, language)  # files a need today, then erases
    await submit_direct(world, erased.id)
    await erase(erased, language)
    flow_key = f"%{drafting.id}%"
    storage = world.kenes.dispatcher.storage
    key = StorageKey(bot_id=world.kenes.bot.id, chat_id=drafting.id, user_id=drafting.id)
    assert await storage.get_state(key) == NeedFlow.description.state
    assert await counts(world, flow_key) == {"flow": 1, "photos": 2, "memory": 1, "refusals": 1}

    retention: Retention = world.kenes.dispatcher["retention"]
    assert world.kenes.scheduler.get_job(JOB_ID) is not None  # it runs daily
    start = utcnow()

    async def after(days: int) -> dict[str, int]:
        await retention.run(start + timedelta(days=days))
        return await counts(world, flow_key)

    assert await after(flow_days - 1) == {"flow": 1, "photos": 2, "memory": 1, "refusals": 1}
    assert await after(flow_days + 1) == {"flow": 0, "photos": 2, "memory": 1, "refusals": 1}
    assert await storage.get_state(key) is None  # forgotten in the cache too
    assert await after(photo_days - 1) == {"flow": 0, "photos": 2, "memory": 1, "refusals": 1}
    assert await after(photo_days + 1) == {"flow": 0, "photos": 0, "memory": 1, "refusals": 1}
    assert await after(memory_days - 1) == {"flow": 0, "photos": 0, "memory": 1, "refusals": 1}
    assert await after(memory_days + 1) == {"flow": 0, "photos": 0, "memory": 0, "refusals": 1}
    assert await after(refusal_days - 1) == {"flow": 0, "photos": 0, "memory": 0, "refusals": 1}
    assert await after(refusal_days + 1) == {"flow": 0, "photos": 0, "memory": 0, "refusals": 0}
    assert [flow_days, photo_days, memory_days, refusal_days] == list(PERIODS.values())

    assert update_hours * 3600 == RETENTION.total_seconds()  # processed updates: bot.dedupe
    async with world.kenes.sessionmaker() as session, session.begin():
        latest = await session.scalar(select(func.max(ProcessedUpdate.expires_at)))
    assert latest is None or latest <= utcnow() + RETENTION
