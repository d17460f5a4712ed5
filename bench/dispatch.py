"""dispatch: updates per second through the full Kenes stack against a bare aiogram dispatcher.

Full: Kenes' dispatcher (every middleware, i18n, flood control, the database FSM storage) and
residents filing a need from the menu to the confirmation, with its database write: 7 updates
each (menu button, category, district, address, description, skip photos, Send). Bare: an
aiogram dispatcher with the same FSM storage and one trivial handler that reads the state and
answers. Both are fed the same updates the same way (``feed_update``, 16 residents at a time)
through an in-process Bot API session, so the network is not what is measured.
Targets: ratio full/bare ≥ 0.5, p99 < 10 ms per update.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from bench.nullsession import BOT_USER, NullSession
from bot import migrate
from bot.database import create_engine, create_sessionmaker
from bot.i18n import create_i18n
from bot.middlewares import UpdateTracker
from bot.settings import Settings
from bot.storage import create_storage
from keyboards.needs import NeedPick, NeedStep
from scheduler import create_scheduler
from services import residents

RESIDENTS = 400
CONCURRENCY = 16  # residents at a time, for throughput; latency is measured one at a time
REPORT = {"kk": "📝 Өтініш беру", "ru": "📝 Подать обращение"}
WORDS = [
    "жол",
    "шұңқыр",
    "жарық",
    "су",
    "қоқыс",
    "аула",
    "бағдаршам",
    "тротуар",
    "аялдама",
    "сквер",
    "баспалдақ",
    "көпір",
]


class Feeder:
    def __init__(self, dispatcher: Dispatcher, bot: Bot) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.update_ids = iter(range(1, 10**9))
        self.latencies: list[float] = []

    async def feed(self, update: Update) -> None:
        started = time.perf_counter()
        await self.dispatcher.feed_update(self.bot, update)
        self.latencies.append(time.perf_counter() - started)

    def message(self, user_id: int, text: str) -> Update:
        return Update(
            update_id=next(self.update_ids),
            message=Message(
                message_id=next(self.update_ids),
                date=datetime.now(UTC),
                chat=Chat(id=user_id, type="private"),
                from_user=User(id=user_id, is_bot=False, first_name="R"),
                text=text,
            ),
        )

    def press(self, user_id: int, data: str) -> Update:
        return Update(
            update_id=next(self.update_ids),
            callback_query=CallbackQuery(
                id=str(next(self.update_ids)),
                from_user=User(id=user_id, is_bot=False, first_name="R"),
                chat_instance="1",
                data=data,
                message=Message(
                    message_id=1,
                    date=datetime.now(UTC),
                    chat=Chat(id=user_id, type="private"),
                    from_user=BOT_USER,
                    text="…",
                ),
            ),
        )


def _need_flow(
    feeder: Feeder, session: NullSession, user_id: int, rng: random.Random
) -> list[Callable[[], Update]]:
    language = "kk" if user_id % 2 else "ru"
    description = " ".join(rng.choice(WORDS) for _ in range(12)) + f" {user_id}"
    category = rng.choice(["roads", "street_lighting", "waste", "utilities", "greening", "yards"])
    district = rng.choice(["almaly", "medeu", "bostandyk", "auezov", "alatau", "turksib"])
    return [
        lambda: feeder.message(user_id, REPORT[language]),
        lambda: feeder.press(user_id, NeedPick(field="category", code=category).pack()),
        lambda: feeder.press(user_id, NeedPick(field="district", code=district).pack()),
        lambda: feeder.message(user_id, f"{rng.choice(WORDS)} көшесі, {user_id % 200 + 1}"),
        lambda: feeder.message(user_id, description),
        lambda: feeder.press(user_id, NeedStep(action="photos_done").pack()),
        lambda: feeder.press(user_id, session.data_with_prefix(user_id, "nd1s")),
    ]


def _trivial_flow(feeder: Feeder, user_id: int) -> list[Callable[[], Update]]:
    data = NeedStep(action="photos_done").pack()
    kinds = ["m", "c", "c", "m", "m", "c", "c"]  # the same shape as the need flow
    return [
        (lambda: feeder.message(user_id, "hello"))
        if kind == "m"
        else (lambda: feeder.press(user_id, data))
        for kind in kinds
    ]


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


def _summary(feeder: Feeder, seconds: float) -> dict[str, float]:
    latencies = sorted(feeder.latencies)
    return {
        "updates_per_s": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


async def _measure(
    build: Callable[[], Awaitable[tuple[Dispatcher, Bot, NullSession]]],
    flows_for: Callable[[Feeder, NullSession, range], list[list[Callable[[], Update]]]],
    users: range,
) -> dict[str, float]:
    """Throughput with CONCURRENCY residents at a time (3/4 of them), then the latency of each
    update with one resident at a time (the other 1/4), so queueing is not counted as work."""
    dispatcher, bot, session = await build()
    split = users.start + len(users) * 3 // 4
    busy, alone = Feeder(dispatcher, bot), Feeder(dispatcher, bot)
    seconds = await _drive(flows_for(busy, session, range(users.start, split)), busy, CONCURRENCY)
    await _drive(flows_for(alone, session, range(split, users.stop)), alone, 1)
    await dispatcher.storage.close()
    figures = _summary(alone, 1.0)
    figures["updates_per_s"] = len(busy.latencies) / seconds
    return figures


async def run(residents_count: int = RESIDENTS) -> dict[str, Any]:
    from bot.app import create_dispatcher

    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite+aiosqlite:///{Path(workdir) / 'kenes.db'}"
        await migrate.upgrade(url)
        settings = Settings(_env_file=None, database_url=url)
        engine = create_engine(url)
        sessionmaker = create_sessionmaker(engine)
        users = range(1_000_000, 1_000_000 + residents_count)
        await _consenting(sessionmaker, users)
        i18n = create_i18n(settings.default_language)
        rng = random.Random(7)

        def bot_with(session: NullSession) -> Bot:
            return Bot(
                "7000000001:bench",
                session=session,
                default=DefaultBotProperties(parse_mode=ParseMode.HTML),
            )

        async def full() -> tuple[Dispatcher, Bot, NullSession]:
            session = NullSession()
            dispatcher = create_dispatcher(
                settings, sessionmaker, i18n, create_scheduler(settings), UpdateTracker()
            )
            return dispatcher, bot_with(session), session

        async def bare() -> tuple[Dispatcher, Bot, NullSession]:
            session = NullSession()
            return _bare_dispatcher(settings, sessionmaker), bot_with(session), session

        try:
            full_figures = await _measure(
                full, lambda f, s, some: [_need_flow(f, s, u, rng) for u in some], users
            )
            bare_figures = await _measure(
                bare, lambda f, s, some: [_trivial_flow(f, u) for u in some], users
            )
            async with engine.connect() as connection:
                from sqlalchemy import text

                filed = (await connection.execute(text("SELECT count(*) FROM needs"))).scalar()
        finally:
            await engine.dispose()
    if filed != residents_count:
        raise RuntimeError(f"the need flow filed {filed} needs for {residents_count} residents")
    return {
        "full_updates_per_s": round(full_figures["updates_per_s"], 1),
        "bare_updates_per_s": round(bare_figures["updates_per_s"], 1),
        "ratio": round(full_figures["updates_per_s"] / bare_figures["updates_per_s"], 3),
        "p50_ms": round(full_figures["p50_ms"], 2),
        "p99_ms": round(full_figures["p99_ms"], 2),
        "bare_p50_ms": round(bare_figures["p50_ms"], 2),
        "bare_p99_ms": round(bare_figures["p99_ms"], 2),
        "needs_filed": filed,
        "updates": residents_count * 7,
        "concurrency": CONCURRENCY,
        "storage": "database (SQLite, WAL)",
        "targets": {"ratio": 0.5, "p99_ms": 10},
    }
