"""One backfill in a process of its own, as ``kenes export`` would run it, so that its peak
memory (VmHWM) is its own and not the data generator's or the other database's:

    python -m bench.backfill KENES_DATABASE_URL AKIMAT_DATABASE_URL NOW

migrates both databases (as the CLI does), then times the exporter's catch-up of every
closed month before ``NOW`` (ISO), and prints one line of JSON.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from datetime import datetime
from typing import Any

from bench.process import rss_mb
from bot import migrate
from bot.database import create_engine, create_sessionmaker
from bot.settings import Settings
from services.export.run import AkimatTarget, Exporter, Outcome
from services.periods import Granularity


async def backfill(kenes: str, akimat: str, now: datetime) -> dict[str, Any]:
    settings = Settings(
        _env_file=None, database_url=kenes, akimat_database_url=akimat, pulse_enabled=False
    )
    await migrate.upgrade(kenes)
    target = AkimatTarget(akimat)
    await target.ensure_schema()
    engine = create_engine(kenes)
    exporter = Exporter(settings, create_sessionmaker(engine), target)
    ready = rss_mb(os.getpid())
    started = time.monotonic()
    try:
        outcomes = await exporter.catch_up([Granularity.MONTH], now=now)
    finally:
        seconds = time.monotonic() - started
        await target.close()
        await engine.dispose()
    return {
        "seconds": seconds,
        "months": sorted(key.split(":", 1)[1] for key in outcomes),
        "done": sum(1 for outcome in outcomes.values() if outcome is Outcome.DONE),
        "ready_rss_mb": ready,
        "peak_rss_mb": rss_mb(os.getpid(), "VmHWM"),
        "error": exporter.last_error,
    }


def main() -> None:
    kenes, akimat, now = sys.argv[1:4]
    print(json.dumps(asyncio.run(backfill(kenes, akimat, datetime.fromisoformat(now)))))


if __name__ == "__main__":
    main()
