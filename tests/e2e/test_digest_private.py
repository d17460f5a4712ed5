"""Without a moderators' group the digest goes to each administrator and moderator
privately, each in the language they chose."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import migrate
from bot.database import create_engine, create_sessionmaker
from models import Need, NeedEvent, Resident, StaffMember
from models.base import utcnow
from playground.emulator import Emulator, Limits
from playground.runner import emulator_server
from tests.e2e.conftest import World
from tests.e2e.test_digest import DAY, check_documents, seed
from tests.export_kit import TZ

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"admin_ids": [900]}


async def test_the_digest_privately_in_each_staff_members_language(world: World) -> None:
    await world.resident(900, "ru")  # the administrator chose Russian
    await world.resident(901, "kk")  # the moderator chose Kazakh
    async with world.kenes.sessionmaker() as session, session.begin():
        session.add(StaffMember(telegram_id=901, added_by=900))
    await seed(world)

    reached = await world.kenes.dispatcher["exports"].digests.send(DAY)

    assert reached == 2
    check_documents(world, 900, "ru")
    check_documents(world, 901, "kk")


async def test_kenes_digest_now_sends_yesterdays_digest_to_the_group(tmp_path: Path) -> None:
    """The command, as a real process, against the emulator: yesterday's digest (local time),
    in Russian, whatever the schedule."""
    emulator = Emulator(limits=Limits(per_bot=None))
    emulator.group(-100555, "Moderators", [900])
    url = f"sqlite+aiosqlite:///{tmp_path / 'kenes.db'}"
    await migrate.upgrade(url)
    engine = create_engine(url)
    yesterday = (utcnow().astimezone(TZ) - timedelta(days=1)).replace(hour=12, minute=0)
    async with create_sessionmaker(engine)() as session, session.begin():
        session.add(Resident(id=1, telegram_id=5001, language="kk"))
        await session.flush()
        session.add(
            Need(
                id=1,
                number="N-2026-000001",
                draft_key="d1",
                resident_id=1,
                category="roads",
                district="almaly",
                description="яма",
                status="new",
                deadline_at=yesterday,
                created_at=yesterday,
                updated_at=yesterday,
            )
        )
        session.add(NeedEvent(need_id=1, actor="resident", to_status="new", at=yesterday))
    await engine.dispose()
    async with emulator_server(emulator) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KENES_")} | {
            "PYTHONPATH": str(ROOT),
            "KENES_BOT_TOKEN": emulator.token,
            "KENES_TELEGRAM_API_URL": server.url,
            "KENES_DATABASE_URL": url,
            "KENES_MODERATOR_CHAT_ID": "-100555",
            "KENES_DEFAULT_LANGUAGE": "ru",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "digest",
            "--now",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), 120)
    assert err.decode() == ""

    day = yesterday.date().isoformat()
    assert (process.returncode, out.decode()) == (0, f"digest of {day} (day) sent to 1 chat(s)\n")
    text, photo, document = emulator.bot_messages(-100555)
    assert text.content.startswith("📊 Ежедневная сводка: ")
    assert "Новых обращений: 1\nПо категориям:\n• Дороги и тротуары: 1" in text.content
    assert photo.extra["photo"] and document.extra["document"]["file_name"] == (
        f"kenes-digest-day-{day}.xlsx"
    )
