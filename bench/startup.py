"""startup: seconds from `kenes run` process start to its first getUpdates (target < 3 s).

The database is a fresh SQLite file each time, so the time includes applying migrations.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path
from typing import Any

from bench.process import kenes_process

RUNS = 5


async def run() -> dict[str, Any]:
    times = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as workdir:
            async with kenes_process(Path(workdir)) as bot:
                times.append(await bot.first_poll())
    return {
        "seconds": round(statistics.median(times), 3),
        "min_seconds": round(min(times), 3),
        "max_seconds": round(max(times), 3),
        "runs": RUNS,
        "target_seconds": 3.0,
    }
