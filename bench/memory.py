"""memory: RSS of an idle `kenes run` process, and after 100,000 residents have each sent one
message (target < 90 MB idle, issue 19). The messages are /start from people the bot does not
know yet, so each one is a database lookup, an FSM read and a reply over HTTP.

The process is measured as deployed: with its bytecode compiled ahead (``deploy/Dockerfile``
compiles it at build time), so the bench first compiles what ``kenes run`` imports. Compiling
every module at start instead costs ~1 MB more (bench/README.md, issue 19 part 3)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.process import ROOT, kenes_process, rss_mb
from playground.emulator import Emulator

RESIDENTS = 100_000
BATCH = 2_000


def _replies(emulator: Emulator) -> int:
    return sum(1 for name, _ in emulator.requests if name == "sendMessage")


def compile_bytecode() -> None:
    """Write the bytecode caches of what the bot imports (``.opt-2.pyc`` for the libraries:
    ``bot/bytecode.py``), as the image's build does, even where ``PYTHONDONTWRITEBYTECODE``
    is set."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "-c", "import bot.app, bot.cli, console.views"],
        cwd=ROOT,
        env=env | {"PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=600,
        check=True,
    )


async def run(residents: int = RESIDENTS) -> dict[str, Any]:
    compile_bytecode()
    with tempfile.TemporaryDirectory() as workdir:
        async with kenes_process(Path(workdir)) as bot:
            await bot.first_poll()
            await asyncio.sleep(2)
            pid = bot.process.pid
            idle = rss_mb(pid)
            emulator = bot.emulator
            started = time.monotonic()
            for first in range(0, residents, BATCH):
                for user_id in range(first, min(first + BATCH, residents)):
                    emulator.user(
                        10_000_000 + user_id, language_code="ru" if user_id % 2 else "kk"
                    )
                    emulator.send_text(10_000_000 + user_id, "/start")
                while emulator.backlog > BATCH // 4:
                    await asyncio.sleep(0.05)
            while _replies(emulator) < residents:
                if bot.process.returncode is not None:
                    raise RuntimeError("kenes run stopped")
                await asyncio.sleep(0.1)
            elapsed = time.monotonic() - started
            await asyncio.sleep(1)
            replied = _replies(emulator)
            return {
                "idle_rss_mb": round(idle, 1),
                "rss_after_mb": round(rss_mb(pid), 1),
                "peak_rss_mb": round(rss_mb(pid, "VmHWM"), 1),
                "residents": residents,
                "replied": replied,
                "updates_per_s": round(residents / elapsed, 1),
                "target_idle_mb": 90,
            }
