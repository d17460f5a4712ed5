"""Run the benchmarks, print a table, write bench/results.json (and results.txt).

python -m bench                 # all
python -m bench startup memory  # some

Each benchmark runs in a Python process of its own (``--one NAME``): none inherits what an
earlier one left in the process (export's heap made a later burst's load generator lag by
seconds, issue 19), and each starts after the PostgreSQL server it uses has written out what
the one before left dirty (``CHECKPOINT``).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCHMARKS = ("dispatch", "broadcast", "export", "memory", "startup", "burst", "console")
HERE = Path(__file__).resolve().parent


def _available() -> list[str]:
    return [name for name in BENCHMARKS if (HERE / f"{name}.py").exists()]


def _table(results: dict[str, dict[str, Any]]) -> str:
    lines = []
    for name, figures in results.items():
        lines.append(name)
        for key, value in figures.items():
            lines.append(f"  {key:<28} {value}")
    return "\n".join(lines)


async def _one(name: str) -> dict[str, Any]:
    await _checkpoint()
    module = importlib.import_module(f"bench.{name}")
    started = time.monotonic()
    figures: dict[str, Any] = await module.run()
    figures["bench_wall_seconds"] = round(time.monotonic() - started, 1)
    return figures


async def _checkpoint() -> None:
    """Write out what earlier work left in PostgreSQL's buffers, so that a benchmark does not
    pay for the one before it (export writes a million needs); nothing without a server."""
    url = os.environ.get("KENES_TEST_POSTGRES_URL")
    if not url:
        return
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from bot.database import create_engine

    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("CHECKPOINT"))
    except DBAPIError as error:  # a role without the right to: measured as the server is
        print(f"no CHECKPOINT before the benchmark: {error.orig}", flush=True)
    finally:
        await engine.dispose()


def _run(names: list[str]) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        print(f"running {name}...", flush=True)
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "figures.json"
            subprocess.run([sys.executable, "-m", "bench", "--one", name, str(out)], check=True)
            figures = json.loads(out.read_text())
        results[name] = figures
        print(_table({name: figures}), flush=True)
    return results


def main() -> int:
    if sys.argv[1:2] == ["--one"]:  # one benchmark, in this process (see above)
        name, out = sys.argv[2], Path(sys.argv[3])
        out.write_text(json.dumps(asyncio.run(_one(name)), ensure_ascii=False))
        return 0
    names = sys.argv[1:] or _available()
    unknown = [name for name in names if name not in _available()]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(_available())}")
        return 2
    results = _run(names)
    document = {
        "machine": {
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
        },
        **results,
    }
    (HERE / "results.json").write_text(json.dumps(document, indent=2, ensure_ascii=False))
    (HERE / "results.txt").write_text(_table(results) + "\n")
    print(f"\nwritten: {HERE / 'results.json'}")
    return 0


sys.exit(main())
