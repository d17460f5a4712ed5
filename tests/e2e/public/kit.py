"""What the tests of issue 14 parts 3 to 6 share: the texts people read (written out, not
taken from the catalogs), needs posted to the moderators, and ``kenes export`` run as a
separate process against the running bot's database."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from models import Need
from services.needs import support
from tests.e2e.conftest import World
from tests.e2e.needs_kit import resident_row, submit_direct

ROOT = Path(__file__).resolve().parents[3]
PRIVATE = "Яма у моего дома, кв. 12, Иванов Серик, звоните +7 701 123 45 67"
PUBLIC_LINE = {"kk": "Көпшілікке көрінеді: {text}", "ru": "Видно всем: {text}"}
CATEGORY_ONLY = {
    "kk": "тек санаты: Жолдар мен тротуарлар",
    "ru": "только категория: Дороги и тротуары",
}
ROADS = {"kk": "Жолдар мен тротуарлар", "ru": "Дороги и тротуары"}


async def posted_need(world: World, telegram_id: int, **fields: Any) -> Need:
    """A need filed by the resident and posted to the moderators' desk."""
    need = await submit_direct(world, telegram_id, **fields)
    await world.kenes.dispatcher["desk"].publish(need.id)
    return need


async def supported_by(world: World, need: Need, telegram_id: int) -> None:
    resident = await resident_row(world, telegram_id)
    async with world.kenes.sessionmaker() as session:
        assert await support(session, resident.id, need.id) is not None


async def kenes_export(world: World, *args: str) -> Any:
    """``kenes export ARGS`` in another process on the bot's database; its JSON output."""
    settings = world.kenes.settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("KENES_")}
    env |= {
        "PYTHONPATH": str(ROOT),
        "KENES_DATABASE_URL": settings.database_url,
        "KENES_AKIMAT_DATABASE_URL": "sqlite+aiosqlite:///:memory:",
        "KENES_DEFAULT_LANGUAGE": settings.default_language,
        "KENES_CITY": settings.city,
        "KENES_EXPORT_MIN_CELL": str(settings.export_min_cell),
        "KENES_LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "export", *args,
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, err.decode()
    return json.loads(out.decode())
