"""Real ``kenes run`` processes, started exactly as deploy/ starts them, and a stage that knows
when they have finished with every update (through their ``/metrics``)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from playground.emulator import Emulator
from playground.people import SETTLE_TIMEOUT, Stage
from tests.conftest import free_port

KENES = str(Path(sys.executable).parent / "kenes")  # the console script deploy/ runs
START_TIMEOUT = 60.0


@dataclass
class BotProcess:
    """One ``kenes run`` process; ``env`` holds its KENES_* settings."""

    name: str
    env: dict[str, str]
    workdir: Path
    webhook: bool
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KENES_")}
        env |= self.env | {"KENES_HTTP_HOST": "127.0.0.1", "KENES_HTTP_PORT": str(self.port)}
        env.setdefault("KENES_CONSOLE_PORT", "0")  # instances side by side on one machine
        command = [KENES, "run"] + (["--webhook"] if self.webhook else [])
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=self.workdir, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    async def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log.read_text()[-3000:]}")
            try:
                if "kenes_updates_in_flight" in await self.metrics_text():
                    await self._wait_receiving()
                    return
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} did not start: {self.log.read_text()[-3000:]}")
            await asyncio.sleep(0.1)

    async def _wait_receiving(self) -> None:
        """Serving HTTP is not enough: the start-up (commands, webhook or polling) must be done."""
        signs = ("receiving updates on the webhook", "Run polling for bot")
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if any(sign in self.log.read_text() for sign in signs):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} did not start receiving updates")
            await asyncio.sleep(0.05)

    async def metrics_text(self) -> str:
        async with (
            aiohttp.ClientSession() as http,
            http.get(self.url + "/metrics", timeout=aiohttp.ClientTimeout(total=5)) as response,
        ):
            return await response.text()

    async def metrics(self) -> dict[str, float]:
        """Samples by name and labels: ``kenes_updates_total{type=message}`` and so on."""
        values: dict[str, float] = {}
        for family in text_string_to_metric_families(await self.metrics_text()):
            for sample in family.samples:
                labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
                values[sample.name + (f"{{{labels}}}" if labels else "")] = sample.value
        return values

    async def updates_received(self) -> float:
        metrics = await self.metrics()
        return sum(v for k, v in metrics.items() if k.startswith("kenes_updates_total{"))

    def kill(self) -> None:
        """kill -9: no shutdown, no cleanup, as a crash or the OOM killer would."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def terminate(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Processes(Stage):
    """The emulator plus bot processes. ``settle`` waits until every update people caused has
    been received by some process and no process has one under way."""

    def __init__(self, emulator: Emulator) -> None:
        super().__init__(emulator, tracker=None)  # type: ignore[arg-type]
        self.bots: list[BotProcess] = []
        self.received_by_gone = 0.0  # updates received by processes since killed

    async def start(self, bot: BotProcess) -> BotProcess:
        bot.start()
        self.bots.append(bot)
        await bot.wait_ready()
        return bot

    async def kill(self, bot: BotProcess) -> None:
        await self.settle()
        self.received_by_gone += await bot.updates_received()
        bot.kill()
        self.bots.remove(bot)

    async def _quiet(self) -> bool:
        if self.emulator.backlog or self.emulator.active_requests:
            return False
        received = self.received_by_gone
        for bot in self.bots:
            metrics = await bot.metrics()
            if metrics.get("kenes_updates_in_flight", 0):
                return False
            received += sum(v for k, v in metrics.items() if k.startswith("kenes_updates_total{"))
        return received >= self.emulator.update_count

    async def settle(self, timeout: float = SETTLE_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        calm = 0
        while calm < 3:
            if time.monotonic() > deadline:
                raise TimeoutError(f"bots still busy: backlog={self.emulator.backlog}")
            calm = calm + 1 if await self._quiet() else 0
            await asyncio.sleep(0.01)

    def stop_all(self) -> None:
        for bot in self.bots:
            if bot.alive():
                bot.kill()
