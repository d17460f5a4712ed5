"""dispatch: updates per second through the full Kenes stack against a bare aiogram dispatcher.

Full: Kenes' dispatcher (every middleware, i18n, flood control, the database FSM storage) and
residents filing a need from the menu to the confirmation, with its database write: 7 updates
each (menu button, category, district, address, description, skip photos, Send). Bare: an
aiogram dispatcher with the same FSM storage and one trivial handler that reads the state and
answers. Both are fed the same updates the same way (``feed_update``, 16 residents at a time)
through an in-process Bot API session, so the network is not what is measured. Full and bare
alternate in 4 rounds (a quarter of the residents each), so a shared machine's changing load
weighs on both alike; CPU time per update is reported too, the figure load disturbs least.
Each dispatcher is built anew per round and warmed up first with a few residents of its own,
not measured: the first update of a kind in a process pays one-time costs (routing plans, the
SQL compiled cache, the holiday calendar's import for the first deadline) that a running bot
paid long before, and they fell into the one-at-a-time latencies as the p99. Then, as
``kenes run`` does once started, the start-up garbage is collected and the rest frozen
(``bot.app.release_memory``).
Targets: ratio full/bare ≥ 0.5, p99 < 10 ms per update.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, Update
from sqlalchemy import text

from bench.feeding import Feeder, need_flow, trivial_flow
from bench.nullsession import NullSession
from bot import migrate
from bot.app import release_memory
from bot.broadcast import create_broadcaster
from bot.database import create_engine, create_sessionmaker
from bot.desk import install as install_desk
from bot.i18n import create_i18n
from bot.middlewares import UpdateTracker
from bot.settings import Settings
from bot.storage import create_storage
from scheduler import create_scheduler
from services import pseudonym, residents

RESIDENTS = 400
CONCURRENCY = 16  # residents at a time, for throughput; latency is measured one at a time
ROUNDS = 4  # full and bare alternate this many times, on as many slices of the residents
WARM_UP = 8  # residents per round whose updates are fed before measuring, not measured


async def _drive(
    flows: list[list[Callable[[], Update]]], feeder: Feeder, concurrency: int
) -> float:
    queue: asyncio.Queue[list[Callable[[], Update]]] = asyncio.Queue()
    for flow in flows:
        queue.put_nowait(flow)

    async def worker() -> None:
        while not queue.empty():
            for make in queue.get_nowait():
                await feeder.feed(make())

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started


async def _consenting(sessionmaker: Any, user_ids: range) -> None:
    async with sessionmaker() as session:
        for user_id in user_ids:
            await residents.choose_language(session, user_id, "kk" if user_id % 2 else "ru")
            await residents.give_consent(session, user_id)


def _bare_dispatcher(settings: Settings, sessionmaker: Any) -> Dispatcher:
    storage, isolation = create_storage(settings, sessionmaker)
    dispatcher = Dispatcher(storage=storage, events_isolation=isolation)
    router = Router()

    @router.message()
    async def on_message(message: Message, state: FSMContext) -> None:
        await state.get_state()
        await message.answer("ok")

    @router.callback_query()
    async def on_press(query: CallbackQuery, state: FSMContext) -> None:
        await state.get_state()
        await query.answer()

    dispatcher.include_router(router)
    return dispatcher


async def _measure(
    build: Callable[[], Awaitable[tuple[Dispatcher, Bot, NullSession]]],
    flows_for: Callable[[Feeder, NullSession, range], list[list[Callable[[], Update]]]],
    users: range,
    warm_up: range,
) -> dict[str, Any]:
    """After the ``warm_up`` residents' updates (not measured), throughput with CONCURRENCY
    residents at a time (3/4 of them), then the latency of each update with one resident at a
    time (the other 1/4), so queueing is not counted as work. Raw sums, so that rounds add up
    (see ``_rounds``)."""
    dispatcher, bot, session = await build()
    first = Feeder(dispatcher, bot)
    await _drive(flows_for(first, session, warm_up), first, 1)
    release_memory()  # as ``kenes run`` does once started: collect, freeze (bot.app)
    split = users.start + len(users) * 3 // 4
    busy, alone = Feeder(dispatcher, bot), Feeder(dispatcher, bot)
    cpu = time.process_time()
    seconds = await _drive(flows_for(busy, session, range(users.start, split)), busy, CONCURRENCY)
    cpu = time.process_time() - cpu
    await _drive(flows_for(alone, session, range(split, users.stop)), alone, 1)
    await dispatcher.storage.close()
    return {
        "updates": len(busy.latencies),
        "seconds": seconds,
        "cpu": cpu,
        "latencies": alone.latencies,
    }


async def _rounds(
    sides: dict[str, tuple[Any, Any]], users: range, warm_up: range, rounds: int = ROUNDS
) -> dict[str, dict[str, float]]:
    """Full and bare measured in alternating rounds on slices of the residents, so a machine
    whose load comes and goes (a shared one) weighs on both alike; then summed per side."""
    totals: dict[str, dict[str, Any]] = {
        name: {"updates": 0, "seconds": 0.0, "cpu": 0.0, "latencies": []} for name in sides
    }
    size, warm_size = len(users) // rounds, len(warm_up) // (rounds * len(sides))
    warm_slices = iter(
        range(warm_up.start + index * warm_size, warm_up.start + (index + 1) * warm_size)
        for index in range(rounds * len(sides))
    )
    for index in range(rounds):
        some = range(users.start + index * size, users.start + (index + 1) * size)
        for name, (build, flows_for) in sides.items():
            figures = await _measure(build, flows_for, some, next(warm_slices))
            for key in ("updates", "seconds", "cpu"):
                totals[name][key] += figures[key]
            totals[name]["latencies"].extend(figures["latencies"])
    summary: dict[str, dict[str, float]] = {}
    for name, total in totals.items():
        latencies = sorted(total["latencies"])
        summary[name] = {
            "updates_per_s": total["updates"] / total["seconds"],
            "cpu_ms": total["cpu"] / total["updates"] * 1000,
            "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        }
    return summary


async def run(residents_count: int = RESIDENTS) -> dict[str, Any]:
    from bot.app import create_dispatcher

    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite+aiosqlite:///{Path(workdir) / 'kenes.db'}"
        await migrate.upgrade(url)
        settings = Settings(_env_file=None, database_url=url)
        pseudonym.configure(settings)  # as bot.app.build does (a key next to the database)
        engine = create_engine(url)
        sessionmaker = create_sessionmaker(engine)
        users = range(1_000_000, 1_000_000 + residents_count)
        warm_up = range(users.stop, users.stop + WARM_UP * ROUNDS * 2)  # 2 sides
        await _consenting(sessionmaker, range(users.start, warm_up.stop))
        i18n = create_i18n(settings.default_language)
        rng = random.Random(7)

        def bot_with(session: NullSession) -> Bot:
            return Bot(
                "7000000001:bench",
                session=session,
                default=DefaultBotProperties(parse_mode=ParseMode.HTML),
            )

        async def full() -> tuple[Dispatcher, Bot, NullSession]:
            session, scheduler = NullSession(), create_scheduler(settings)
            tracker = UpdateTracker()
            dispatcher = create_dispatcher(settings, sessionmaker, i18n, scheduler, tracker)
            bot = bot_with(session)
            dispatcher["broadcaster"] = create_broadcaster(settings, bot, sessionmaker, i18n)
            install_desk(dispatcher, bot, scheduler)  # as bot.app.build does: the moderators
            return dispatcher, bot, session

        async def bare() -> tuple[Dispatcher, Bot, NullSession]:
            session = NullSession()
            return _bare_dispatcher(settings, sessionmaker), bot_with(session), session

        try:
            measured = await _rounds(
                {
                    "full": (full, lambda f, s, some: [need_flow(f, s, u, rng) for u in some]),
                    "bare": (bare, lambda f, s, some: [trivial_flow(f, u) for u in some]),
                },
                users,
                warm_up,
            )
            full_figures, bare_figures = measured["full"], measured["bare"]
            async with engine.connect() as connection:
                filed = (await connection.execute(text("SELECT count(*) FROM needs"))).scalar()
        finally:
            await engine.dispose()
    expected = residents_count + WARM_UP * ROUNDS  # the full side's warm-up files needs too
    if filed != expected:
        raise RuntimeError(f"the need flow filed {filed} needs for {expected} residents")
    return {
        "full_updates_per_s": round(full_figures["updates_per_s"], 1),
        "bare_updates_per_s": round(bare_figures["updates_per_s"], 1),
        "ratio": round(full_figures["updates_per_s"] / bare_figures["updates_per_s"], 3),
        # CPU time (both threads) per update: what a shared, loaded machine disturbs least
        "full_cpu_ms_per_update": round(full_figures["cpu_ms"], 3),
        "bare_cpu_ms_per_update": round(bare_figures["cpu_ms"], 3),
        "cpu_ratio": round(bare_figures["cpu_ms"] / full_figures["cpu_ms"], 3),
        "p50_ms": round(full_figures["p50_ms"], 2),
        "p99_ms": round(full_figures["p99_ms"], 2),
        "bare_p50_ms": round(bare_figures["p50_ms"], 2),
        "bare_p99_ms": round(bare_figures["p99_ms"], 2),
        "needs_filed": filed - WARM_UP * ROUNDS,
        "updates": residents_count * 7,
        "concurrency": CONCURRENCY,
        "rounds": ROUNDS,
        "warm_up_residents_per_round": WARM_UP,
        "storage": "database (SQLite, WAL)",
        "targets": {"ratio": 0.5, "p99_ms": 10},
    }
