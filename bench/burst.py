"""burst: a city-wide poll answered by 5,000 residents within a minute, on the configuration a
city runs (``deploy/compose.yaml``).

Two ``kenes run --webhook`` processes (started as ``tests/e2e/production/`` starts them, with
the production logging: INFO, JSON) sit behind the round-robin test balancer, on a fresh
PostgreSQL database (on the ``KENES_TEST_POSTGRES_URL`` server) and Redis
(``KENES_TEST_REDIS_URL``, under a key prefix of the run's own). The Bot API emulator runs in
this process and delivers updates to the balancer as Telegram does: up to the webhook's
``max_connections`` (40) requests at once, each retried until it is answered 2xx.

Set-up, not measured: the residents are seeded in the database (consented, kk or ru) and a
poll (four options, results shown after answering) is inserted as already due; the leading
instance opens it at start-up and its broadcaster sends the card to every resident (the rate
raised to 1,000 a second so set-up is quick). Once every resident has the card, the burst:
each resident presses one option on it, in a random order, with exponential inter-arrival
times at ``residents / window`` a second (Poisson arrivals).

Measured, from what the emulator saw and what the database holds:
- ``throughput``: updates replied to a second, from the first arrival to the last reply;
- reply latency p50/p95/p99/max: from the emulator queueing the update to the bot's
  ``answerCallbackQuery`` for it (the reply that stops the button's spinner; Kenes answers it
  after editing the card), and the same to the ``editMessageText`` of the card. A reply
  later than 60 s is refused, as by Telegram (``answered_too_late``), but counts its time;
- ``lost``: updates never replied to (after waiting for everything queued to be handled, up
  to ``SETTLE_TIMEOUT``), residents with no vote row; ``twice``: callback queries answered
  more than once, cards edited more than once, vote rows beyond one a resident, messages
  sent during the burst (a vote is answered by an edit, never a message);
- CPU seconds of each instance, PostgreSQL, Redis and this process (the emulator, the
  balancer and the load) over the burst, from ``/proc/<pid>/stat``. PostgreSQL and Redis
  are shared with whatever else runs on the machine: ``postgres_all`` counts every server
  process, ``postgres`` only the backends of this run's database plus the server's own
  background processes.

Without ``KENES_TEST_POSTGRES_URL`` and ``KENES_TEST_REDIS_URL`` the benchmark is skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import random
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, insert, select, text
from sqlalchemy.pool import NullPool

from bot import migrate
from bot.database import create_engine, create_sessionmaker
from models import Resident, utcnow
from models.poll import Audience, PollAnswer, Visibility
from playground.emulator import BotApiError, Emulator, Message
from playground.emulator.params import Params
from playground.runner import emulator_server
from services import polls
from services.polls import NewPoll

RESIDENTS = 5_000
WINDOW = 60.0  # seconds over which the answers arrive
SEED = 19
FIRST_ID = 40_000_001
OPTIONS = 4
SECRET = "burst_Secret-19"
SETUP_TIMEOUT = 300.0  # for the poll's broadcast to reach everyone
SETTLE_TIMEOUT = 600.0  # after the last arrival, for every update to be handled
TARGET_P99 = 1.0
REPLY_METHODS = ("answercallbackquery", "editmessagetext", "sendmessage")


class BurstEmulator(Emulator):
    """The emulator, noting when it queued each update and when the bot called each of the
    methods that reply to one; it pushes webhook updates over up to ``max_connections``
    connections at once, as Telegram does (the base emulator sends one at a time)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.queued_at: dict[int, float] = {}  # update id -> time.monotonic()
        self.query_of: dict[str, int] = {}  # callback query id -> update id
        self.replies: list[tuple[str, str, float, bool]] = []  # (method, key, at, accepted)
        self._wake = asyncio.Event()

    def enqueue(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        at = time.monotonic()
        update = super().enqueue(kind, payload)
        self.queued_at[update["update_id"]] = at
        if kind == "callback_query":
            self.query_of[payload["id"]] = update["update_id"]
        return update

    async def call(self, method_name: str, params: Params) -> Any:
        name = method_name.lower()
        if name not in REPLY_METHODS:
            return await super().call(method_name, params)
        at = time.monotonic()
        key = params.text("callback_query_id") or str(params.raw("chat_id"))
        try:
            result = await super().call(method_name, params)
        except BotApiError:
            self.replies.append((name, key, at, False))
            raise
        self.replies.append((name, key, at, True))
        return result

    # -- webhook delivery over several connections -----------------------------------------
    def _start_webhook(self) -> None:
        self._wake.set()
        super()._start_webhook()

    async def _push_updates(self) -> None:
        connections = int((self.webhook or {}).get("max_connections", 40))
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            await asyncio.gather(*(self._connection(http) for _ in range(connections)))

    async def _connection(self, http: aiohttp.ClientSession) -> None:
        """One of the webhook's connections: the next pending update, while there is one."""
        delay = 0.05
        while self.webhook is not None:
            if not self.pending:
                self._wake.clear()
                await self._wake.wait()
                continue
            if await self._push_next(http):
                delay = 0.05
                continue
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)


# -- CPU from /proc -------------------------------------------------------------------------
_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process so far (0 when it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def pids_named(name: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == name:
                    found.append(int(entry.name))
    return found


def snapshot(pids: list[int]) -> dict[int, float]:
    return {pid: cpu_seconds(pid) for pid in pids}


def used(before: dict[int, float], after: dict[int, float], pids: set[int] | None = None) -> float:
    """CPU seconds between the snapshots, over ``pids`` (all when ``None``); a process that
    started in between counts from 0, one that ended in between is not counted."""
    chosen = set(after) if pids is None else pids & set(after)
    return sum(max(0.0, after[pid] - before.get(pid, 0.0)) for pid in chosen)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


# -- set-up ---------------------------------------------------------------------------------
def _language(telegram_id: int) -> str:
    return "kk" if telegram_id % 2 else "ru"


async def _seed(database_url: str, residents: range) -> int:
    """Migrate, add the consented residents and a poll due to open; the poll's id."""
    await migrate.upgrade(database_url)
    engine = create_engine(database_url, poolclass=NullPool)
    now = utcnow()
    try:
        async with create_sessionmaker(engine)() as session:
            async with session.begin():
                await session.execute(
                    insert(Resident),
                    [
                        {"telegram_id": i, "language": _language(i), "consent_at": now}
                        for i in residents
                    ],
                )
            async with session.begin():
                poll = await polls.add(
                    session,
                    NewPoll(
                        question_kk="Қай саябақты бірінші абаттандыру керек?",
                        question_ru="Какой парк благоустроить первым?",
                        options_kk=("Орталық саябақ", "Ботаника бағы", "Әуезов саябағы", "Басқа"),
                        options_ru=(
                            "Центральный парк",
                            "Ботанический сад",
                            "Парк Ауэзова",
                            "Другой",
                        ),
                        multiple=False,
                        audience=Audience.ALL,
                        audience_code=None,
                        visibility=Visibility.ANSWERED,
                        opens_at=now - timedelta(minutes=1),
                        closes_at=now + timedelta(days=1),
                        timezone="Asia/Almaty",
                    ),
                    created_by=None,
                    progress_chat_id=None,
                    progress_language=None,
                )
                return poll.id
    finally:
        await engine.dispose()


def _poll_card(emulator: Emulator, chat_id: int) -> Message | None:
    for message in reversed(emulator.bot_messages(chat_id)):
        if any(
            str(button.get("callback_data", "")).startswith("pv1:")
            for row in message.inline_keyboard
            for button in row
        ):
            return message
    return None


async def _cards(emulator: Emulator, residents: range) -> dict[int, Message]:
    """Wait until every resident has the poll's card; the cards."""
    deadline = time.monotonic() + SETUP_TIMEOUT
    cards: dict[int, Message] = {}
    while True:
        for chat_id in residents:
            if chat_id not in cards:
                card = _poll_card(emulator, chat_id)
                if card is not None:
                    cards[chat_id] = card
        if len(cards) == len(residents):
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"the poll reached {len(cards)} of {len(residents)} residents")
        await asyncio.sleep(0.5)
    while emulator.backlog or emulator.active_requests:  # the broadcast's last calls
        await asyncio.sleep(0.1)
    return cards


def _button(card: Message, option: int) -> str:
    data = [str(b["callback_data"]) for row in card.inline_keyboard for b in row]
    return next(d for d in data if d.startswith("pv1:") and d.endswith(f":{option}"))


@dataclass
class Arrivals:
    started: float
    last: float
    max_lag: float  # the latest an arrival was queued after its scheduled moment


async def _burst(
    emulator: BurstEmulator, cards: dict[int, Message], window: float, rng: random.Random
) -> Arrivals:
    order = list(cards)
    rng.shuffle(order)
    rate = len(order) / window
    started = time.monotonic()
    moment, max_lag = 0.0, 0.0
    for chat_id in order:
        moment += rng.expovariate(rate)
        delay = started + moment - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        max_lag = max(max_lag, -delay)
        emulator.press(chat_id, cards[chat_id], _button(cards[chat_id], rng.randrange(OPTIONS)))
    return Arrivals(started, time.monotonic(), max_lag)


async def _settle(emulator: BurstEmulator) -> None:
    """Until nothing is queued, pushed (a webhook request lasts until the update is handled)
    or called any more, three looks in a row."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    quiet = 0
    while quiet < 3 and time.monotonic() < deadline:
        idle = not emulator.backlog and not emulator.active_requests
        quiet = quiet + 1 if idle else 0
        await asyncio.sleep(0.1)


async def _database_figures(database_url: str, poll_id: int, residents: range) -> dict[str, Any]:
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    select(Resident.telegram_id, func.count(PollAnswer.id))
                    .join(PollAnswer, PollAnswer.resident_id == Resident.id)
                    .where(PollAnswer.poll_id == poll_id)
                    .group_by(Resident.telegram_id)
                )
            ).all()
            backends = (
                await connection.execute(
                    text(
                        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                        "OR backend_type <> 'client backend'"
                    )
                )
            ).scalars()
            pids = set(backends)
    finally:
        await engine.dispose()
    votes = {telegram_id: count for telegram_id, count in rows if telegram_id in residents}
    return {
        "rows": sum(votes.values()),
        "lost": sum(1 for i in residents if i not in votes),
        "twice": sum(count - 1 for count in votes.values()),
        "pids": pids,
    }


async def _metrics(bot: Any) -> dict[str, float]:
    with contextlib.suppress(aiohttp.ClientError, TimeoutError):
        return dict(await bot.metrics())
    return {}


@dataclass
class Replies:
    answer: list[float]  # seconds from queueing to the update's first answerCallbackQuery
    edit: list[float]  # ... to the first editMessageText of the resident's card
    refused: int  # updates whose answerCallbackQuery came too late (Telegram allows 60 s)
    twice: dict[str, int]  # calls beyond the first of each kind; "other": any sendMessage
    last: float  # time.monotonic() of the last of them


def _replies(emulator: BurstEmulator, chats: dict[int, int], since: float) -> Replies:
    """The calls that reply to the burst's updates (made after ``since``), by update."""
    first: dict[str, dict[int, float]] = {"answer": {}, "edit": {}}
    calls: Counter[tuple[str, str]] = Counter()
    refused: set[int] = set()
    last = since
    update_of_chat = {str(chat): update for update, chat in chats.items()}
    for method, key, at, accepted in emulator.replies:
        if at < since:
            continue
        update: int | None
        if method == "answercallbackquery":
            kind, update = "answer", emulator.query_of.get(key)
        elif method == "editmessagetext":
            kind, update = "edit", update_of_chat.get(key)
        else:
            kind, update = "other", None
        calls[(kind, key)] += 1
        last = max(last, at)
        if update is None or update in first[kind]:
            continue
        first[kind][update] = at - emulator.queued_at[update]
        if kind == "answer" and not accepted:
            refused.add(update)
    twice = Counter({"answer": 0, "edit": 0, "other": 0})
    for (kind, _key), count in calls.items():
        twice[kind] += count - 1 if kind != "other" else count
    return Replies(
        list(first["answer"].values()),
        list(first["edit"].values()),
        len(refused),
        dict(twice),
        last,
    )


def _summary(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    return {
        "p50_ms": round(percentile(values, 0.50) * 1000, 1),
        "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        "p99_ms": round(percentile(values, 0.99) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
    }


async def _forget_redis(redis_url: str, prefix: str) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url)
    try:
        keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()


async def run(
    residents: int = RESIDENTS,
    *,
    window: float = WINDOW,
    seed: int = SEED,
    postgres_url: str | None = None,
    redis_url: str | None = None,
) -> dict[str, Any]:
    """The burst on the PostgreSQL server at ``postgres_url`` (a database of the run's own is
    created there and dropped afterwards) and the Redis at ``redis_url``; by default those
    the tests use (``KENES_TEST_POSTGRES_URL``, ``KENES_TEST_REDIS_URL``)."""
    base = postgres_url or os.environ.get("KENES_TEST_POSTGRES_URL")
    redis_url = redis_url or os.environ.get("KENES_TEST_REDIS_URL")
    if not base or not redis_url:
        return {"skipped": "needs KENES_TEST_POSTGRES_URL and KENES_TEST_REDIS_URL"}
    # The production harness of the tests: real processes, the balancer (imported here, so
    # that the other benchmarks do not need the test tree).
    from tests.conftest import create_postgres_database, drop_postgres_database
    from tests.e2e.production.balancer import Balancer
    from tests.e2e.production.processes import BotProcess

    audience = range(FIRST_ID, FIRST_ID + residents)
    prefix = f"kenes-bench-{uuid.uuid4().hex[:12]}"
    emulator = BurstEmulator()
    for telegram_id in audience:
        user = emulator.user(telegram_id, language_code=_language(telegram_id))
        user.started = True
        emulator.private_chat(user)
    database_url = await create_postgres_database(base)
    load = {"before": os.getloadavg()}
    try:
        poll_id = await _seed(database_url, audience)
        with tempfile.TemporaryDirectory() as workdir:
            async with emulator_server(emulator) as server:
                env = {
                    "KENES_BOT_TOKEN": emulator.token,
                    "KENES_TELEGRAM_API_URL": server.url,
                    "KENES_DATABASE_URL": database_url,
                    "KENES_REDIS_URL": redis_url,
                    "KENES_REDIS_PREFIX": prefix,
                    "KENES_BROADCAST_REDIS_PREFIX": f"{prefix}:{{broadcast}}",
                    "KENES_WEBHOOK_SECRET": SECRET,
                    "KENES_LOG_LEVEL": "INFO",  # as deploy/compose.yaml runs it
                    "KENES_LOG_JSON": "true",
                    "KENES_PULSE_ENABLED": "false",
                    # set-up only: the poll reaches everyone in seconds, not minutes
                    "KENES_BROADCAST_RATE": "1000",
                    "KENES_BROADCAST_PAID": "true",
                    "KENES_BROADCAST_CONCURRENCY": "32",
                }
                bots = [BotProcess(name, dict(env), Path(workdir), webhook=True) for name in "ab"]
                balancer = Balancer([bot.url for bot in bots])
                await balancer.start()
                try:
                    for bot in bots:
                        bot.env["KENES_WEBHOOK_URL"] = balancer.url + "/telegram/webhook"
                        bot.start()
                        await bot.wait_ready()
                    figures = await _measure(
                        emulator, bots, balancer, database_url, poll_id, audience, window, seed
                    )
                finally:
                    for bot in bots:
                        if bot.alive():
                            bot.terminate()
                    for bot in bots:
                        if bot.process is not None:
                            try:
                                await asyncio.to_thread(bot.process.wait, 30)
                            except subprocess.TimeoutExpired:
                                bot.kill()
                    await balancer.stop()
    finally:
        await drop_postgres_database(base, database_url)
        await _forget_redis(redis_url, prefix)
    load["after"] = os.getloadavg()
    figures["load_average_1_5_15"] = {k: [round(x, 2) for x in v] for k, v in load.items()}
    return figures


async def _measure(
    emulator: BurstEmulator,
    bots: list[Any],
    balancer: Any,
    database_url: str,
    poll_id: int,
    audience: range,
    window: float,
    seed: int,
) -> dict[str, Any]:
    cards = await _cards(emulator, audience)
    served_before = len(balancer.served)
    metrics_before = [await _metrics(bot) for bot in bots]
    bot_pids = [bot.process.pid for bot in bots]
    postgres, redis = pids_named("postgres"), pids_named("redis-server")
    me = os.getpid()
    before = snapshot([*bot_pids, *postgres, *redis, me])

    arrivals = await _burst(emulator, cards, window, random.Random(seed))
    await _settle(emulator)
    still_queued = emulator.backlog

    after = snapshot([*bot_pids, *pids_named("postgres"), *redis, me])
    load_now = os.getloadavg()
    stored = await _database_figures(database_url, poll_id, audience)
    metrics_after = [await _metrics(bot) for bot in bots]

    replies = _replies(emulator, _chat_of_update(emulator), arrivals.started)
    answered = len(replies.answer)
    busy = arrivals.last - arrivals.started
    span = replies.last - arrivals.started
    postgres_all = set(pids_named("postgres")) | set(postgres)
    cpu = {
        "instance_a": used(before, after, {bot_pids[0]}),
        "instance_b": used(before, after, {bot_pids[1]}),
        "postgres": used(before, after, stored["pids"]),
        "redis": used(before, after, set(redis)),
        "bench_process": used(before, after, {me}),
    }
    total = sum(cpu.values())
    served = Counter(target for target, status in balancer.served[served_before:])
    outcomes: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for old, new in zip(metrics_before, metrics_after, strict=True):
        for key, value in new.items():
            for name, counter in (("webhook_requests", outcomes), ("update_errors", errors)):
                if key.startswith(f"kenes_{name}_total{{"):
                    label = key.split("=", 1)[1].rstrip("}")
                    counter[label] += int(value - old.get(key, 0))
    residents = len(audience)
    return {
        "residents": residents,
        "window_seconds": window,
        "arrivals": len(cards),
        "arrival_seconds": round(busy, 1),
        "offered_rate": round(len(cards) / busy, 1) if busy else None,
        "generator_max_lag_ms": round(arrivals.max_lag * 1000, 1),
        "throughput_updates_per_second": round(answered / span, 1) if span else None,
        "seconds_to_last_reply": round(span, 1),
        "reply_latency": _summary(replies.answer),
        "card_edit_latency": _summary(replies.edit),
        "answered": answered,
        "answered_too_late": replies.refused,
        "lost_replies": residents - answered,
        "still_queued_at_cutoff": still_queued,
        "votes_stored": stored["rows"],
        "lost_votes": stored["lost"],
        "twice_votes": stored["twice"],
        "twice_answers": replies.twice["answer"],
        "twice_edits": replies.twice["edit"],
        "other_messages": replies.twice["other"],
        "webhook_outcomes": dict(outcomes),
        "update_errors": dict(+errors),
        "per_instance_requests": {
            name: served[bot.url] for name, bot in zip("ab", bots, strict=True)
        },
        "cpu_seconds": {key: round(value, 1) for key, value in cpu.items()},
        "cpu_share": {key: round(value / total, 3) for key, value in cpu.items()} if total else {},
        "cpu_ms_per_update": {key: round(value * 1000 / answered, 2) for key, value in cpu.items()}
        if answered
        else {},
        # the most updates a second this machine's cores could take at that CPU per update
        "cpu_bound_rate": round((os.cpu_count() or 1) * answered / total, 1) if total else None,
        "cpu_seconds_postgres_all": round(used(before, after, postgres_all), 1),
        "cpu_note": (
            "utime+stime from /proc over the burst; postgres = this database's backends and the "
            "server's background processes, postgres_all = every postgres process (other "
            "work on the server included); redis is the shared server; bench_process = the "
            "emulator, the balancer and the load generator"
        ),
        "load_average_at_end": [round(x, 2) for x in load_now],
        "configuration": (
            "2 × kenes run --webhook (INFO, JSON logs) behind a round-robin balancer, "
            "PostgreSQL + Redis; emulator webhook: up to 40 connections"
        ),
        "targets": {"reply_p99_ms": TARGET_P99 * 1000, "lost": 0, "twice": 0},
    }


def _chat_of_update(emulator: BurstEmulator) -> dict[int, int]:
    """The resident (chat) of each callback query's update."""
    return {
        update: emulator.callbacks[query]["chat_id"]
        for query, update in emulator.query_of.items()
        if query in emulator.callbacks
    }
