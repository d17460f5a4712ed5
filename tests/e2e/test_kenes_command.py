"""The real entry points as a user starts them: `kenes run` with a token against a Bot API
server, and `kenes run --playground-without-token` (what `make run` does without a token)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from playground.emulator import Emulator
from playground.runner import emulator_server

ROOT = Path(__file__).resolve().parents[2]
KENES = [sys.executable, "-m", "bot"]


def _environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KENES_")}
    env["PYTHONPATH"] = str(ROOT)
    env["KENES_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'kenes.db'}"
    env["KENES_CONSOLE_PORT"] = "0"  # tests run side by side
    env.update({f"KENES_{name.upper()}": value for name, value in settings.items()})
    return env


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[tuple[Emulator, asyncio.subprocess.Process]]:
    emulator = Emulator()
    async with emulator_server(emulator) as server:
        process = await asyncio.create_subprocess_exec(
            *KENES,
            "run",
            cwd=tmp_path,
            env=_environment(tmp_path, bot_token=emulator.token, telegram_api_url=server.url),
        )
        try:
            yield emulator, process
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


async def _until(predicate: Callable[[], object], timeout: float = 60.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.05)


async def test_kenes_run_answers_start_in_both_languages_and_stops_on_sigterm(
    running: tuple[Emulator, asyncio.subprocess.Process],
) -> None:
    emulator, process = running
    await _until(lambda: any(name == "getUpdates" for name, _ in emulator.requests))

    emulator.user(501, language_code="kk")
    emulator.user(502, language_code="ru")
    emulator.send_text(501, "/start")
    emulator.send_text(502, "/start")
    await _until(lambda: emulator.bot_messages(501) and emulator.bot_messages(502))

    assert emulator.bot_messages(501)[0].content.startswith("Сәлеметсіз бе! Бұл — «Кеңес»")
    assert emulator.bot_messages(502)[0].content.startswith("Здравствуйте! Это «Кеңес»")
    process.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(process.wait(), 30) == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_make_run_without_a_token_starts_the_playground(tmp_path: Path) -> None:
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        *KENES,
        "run",
        "--playground-without-token",
        cwd=tmp_path,
        env=_environment(tmp_path, playground_port=str(port)),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}/_emulator"
    try:
        assert process.stdout is not None
        banner = await asyncio.wait_for(process.stdout.readline(), 60)
        assert (
            banner.decode().strip() == "KENES_BOT_TOKEN is not set: starting the local playground."
        )
        async with aiohttp.ClientSession() as http:
            for user_id, language in ((601, "kk"), (602, "ru")):
                await _until_http(http, f"{base}/state")
                await http.post(f"{base}/users", json={"id": user_id, "language_code": language})
                await http.post(f"{base}/send", json={"user_id": user_id, "text": "/start"})
            texts = {}
            for user_id in (601, 602):
                async with asyncio.timeout(60):
                    while True:
                        async with http.get(f"{base}/chats/{user_id}") as response:
                            messages = (await response.json())["messages"]
                        replies = [m for m in messages if m["from_bot"]]
                        if replies:
                            texts[user_id] = replies[0]["text"]
                            break
                        await asyncio.sleep(0.1)
        assert texts[601].startswith("Сәлеметсіз бе! Бұл — «Кеңес»")
        assert texts[602].startswith("Здравствуйте! Это «Кеңес»")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()


async def _until_http(http: aiohttp.ClientSession, url: str) -> None:
    async with asyncio.timeout(60):
        while True:
            try:
                async with http.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)


async def _lines(
    stream: asyncio.StreamReader, until: Callable[[str], bool] | None, timeout: float
) -> list[str]:
    """Lines from ``stream``: up to the first one ``until`` accepts (which must come within
    ``timeout``), or, with ``until=None``, all that come within ``timeout``."""
    lines: list[str] = []
    try:
        async with asyncio.timeout(timeout):
            while line := (await stream.readline()).decode():
                lines.append(line.rstrip("\n"))
                if until is not None and until(lines[-1]):
                    return lines
    except TimeoutError:
        if until is not None:
            raise AssertionError("\n".join(["never came:", *lines])) from None
    return lines


@pytest.mark.slow
async def test_make_run_prints_a_quiet_console_in_the_citys_time(tmp_path: Path) -> None:
    port = _free_port()
    env = _environment(
        tmp_path,
        playground_port=str(port),
        timezone="Asia/Tokyo",  # the machine's zone is UTC (TZ below)
        queue_interval="1",  # jobs every second: without care, lines every second
        poll_sweep_seconds="1",
    )
    process = await asyncio.create_subprocess_exec(
        *KENES,
        "run",
        "--playground-without-token",
        cwd=tmp_path,
        env=env | {"TZ": "UTC"},
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    url = f"http://127.0.0.1:{port}"
    try:
        start = await _lines(process.stdout, lambda line: line.startswith("╚"), 90)
        quiet = await _lines(process.stdout, None, 3.5)  # three runs of the queue job
    finally:
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.wait(), 30)

    top = start.index(next(line for line in start if line.startswith("╔")))
    frame = start[top:]
    assert f"║  Open in a browser:   {url} " in "\n".join(frame)
    assert f"║  Be the moderator:    {url}/#9001 " in "\n".join(frame)
    assert any("Stop:                Ctrl+C" in line for line in frame)
    assert all(line.strip() == "" for line in quiet), quiet  # the banner stays the last
    logged = [line for line in start[:top] if line[:2] == "20"]
    assert "INFO aiogram.dispatcher: Run polling" in logged[-1]
    assert not [line for line in start + quiet if "apscheduler" in line]
    now = datetime.now(ZoneInfo("Asia/Tokyo"))
    for line in logged:
        stamp = datetime.fromisoformat(line[:25])
        assert stamp.utcoffset() == timedelta(hours=9), line
        assert abs(stamp - now) < timedelta(minutes=5), line
