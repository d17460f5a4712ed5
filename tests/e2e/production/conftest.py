"""Fixtures for tests that run ``kenes run`` as real processes against the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy.pool import NullPool

from bot.database import create_engine, create_sessionmaker
from playground.emulator import Emulator, EmulatorServer, Limits
from playground.runner import emulator_server
from tests.e2e.production.processes import BotProcess, Processes

SECRET = "two-instances_Secret-1-" + "0123456789abcdef" * 2


@pytest.fixture
async def api() -> AsyncIterator[EmulatorServer]:
    async with emulator_server(Emulator(limits=Limits(per_bot=None))) as server:
        yield server


@pytest.fixture
async def stage(api: EmulatorServer) -> AsyncIterator[Processes]:
    processes = Processes(api.emulator)
    try:
        yield processes
    finally:
        processes.stop_all()


@pytest.fixture
def bot_process(api: EmulatorServer, tmp_path: Path) -> Callable[..., BotProcess]:
    """Describe a bot process: its name, database, mode and any other KENES_* settings."""

    def make(name: str, database_url: str, *, webhook: bool, **settings: str) -> BotProcess:
        env = {
            "KENES_BOT_TOKEN": api.emulator.token,
            "KENES_TELEGRAM_API_URL": api.url,
            "KENES_DATABASE_URL": database_url,
            "KENES_LOG_LEVEL": "INFO",
            "KENES_LOG_JSON": "true",
            "KENES_POLLING_TIMEOUT": "5",
            "KENES_PULSE_ENABLED": "false",  # its questions would depend on today's date
            "KENES_PSEUDONYM_KEY": "production-test-pseudonym-key-" + "0" * 32,  # shared
        }
        env |= {f"KENES_{key.upper()}": value for key, value in settings.items()}
        return BotProcess(name, env, tmp_path, webhook=webhook)

    return make


async def check_stored(database_url: str, check: Callable[..., object], *args: object) -> None:
    """Run a conversation's database check on a connection of the test's own."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await check(session, *args)  # type: ignore[misc]
    finally:
        await engine.dispose()
