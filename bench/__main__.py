"""Run the benchmarks, print a table, write bench/results.json (and results.txt).

python -m bench                 # all
python -m bench startup memory  # some
"""

from __future__ import annotations

import asyncio
import importlib
import json
import platform
import sys
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


async def _run(names: list[str]) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        print(f"running {name}...", flush=True)
        module = importlib.import_module(f"bench.{name}")
        started = time.monotonic()
        figures = await module.run()
        figures["bench_wall_seconds"] = round(time.monotonic() - started, 1)
        results[name] = figures
        print(_table({name: figures}), flush=True)
    return results


def main() -> int:
    names = sys.argv[1:] or _available()
    unknown = [name for name in names if name not in _available()]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(_available())}")
        return 2
    results = asyncio.run(_run(names))
    document = {
        "machine": {
            "python": platform.python_version(),
            "cpu_count": __import__("os").cpu_count(),
            "platform": platform.platform(),
        },
        **results,
    }
    (HERE / "results.json").write_text(json.dumps(document, indent=2, ensure_ascii=False))
    (HERE / "results.txt").write_text(_table(results) + "\n")
    print(f"\nwritten: {HERE / 'results.json'}")
    return 0


sys.exit(main())
