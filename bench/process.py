"""A real `kenes run` process against an in-process emulator, and how to measure it."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from playground.emulator import Emulator, EmulatorServer, Limits

ROOT = Path(__file__).resolve().parent.parent


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident set size (or VmHWM, the peak) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


@dataclass
class BotProcess:
    emulator: Emulator
    process: asyncio.subprocess.Process
    started_at: float  # time.monotonic() just before the process was spawned

    async def first_poll(self, timeout: float = 120.0) -> float:
        """Seconds from spawning the process to its first getUpdates."""
        deadline = time.monotonic() + timeout
        while not any(name == "getUpdates" for name, _ in self.emulator.requests):
            if self.process.returncode is not None or time.monotonic() > deadline:
                raise RuntimeError("kenes run did not start polling")
            await asyncio.sleep(0.002)
        return self._first_poll_at() - self.started_at

    def _first_poll_at(self) -> float:
        return self.emulator.first_poll_at or time.monotonic()


@asynccontextmanager
async def kenes_process(workdir: Path, **settings: str) -> AsyncIterator[BotProcess]:
    emulator = Emulator(limits=Limits(per_bot=None))
    server = EmulatorServer(emulator)
    await server.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KENES_")}
    env |= {
        "PYTHONPATH": str(ROOT),
        "KENES_BOT_TOKEN": emulator.token,
        "KENES_TELEGRAM_API_URL": server.url,
        "KENES_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'kenes.db'}",
        "KENES_LOG_LEVEL": "WARNING",
    }
    env |= {f"KENES_{name.upper()}": value for name, value in settings.items()}
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=workdir, env=env
    )
    try:
        yield BotProcess(emulator, process, started)
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
        await server.stop()
