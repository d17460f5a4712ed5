"""broadcast: a public hearing announced to 20,000 subscribers through the Bot API emulator.

Kenes runs as ``kenes run`` does (long polling, scheduler, the real broadcaster) against the
emulator over HTTP, on a fresh SQLite database. A staff member publishes a hearing the way
the publish button does (``services.hearings.publish``, then the handlers' ``after_change``,
which starts the broadcast); the emulator enforces a per-bot limit (answering 429 with
``retry_after`` to anything over it) and one message a second per chat, and 429s are also
injected along the way. 1,000 residents subscribed to another district must get nothing.

Every figure comes from what the emulator accepted, per chat: ``duplicates`` (target 0),
``missed`` (target 0), ``achieved_rate`` (audience messages a second, first to last) and
``efficiency`` = achieved / limit (target ≥ 0.95). The limit is raised from Telegram's 30 to
``KENES_BENCH_BROADCAST_LIMIT`` (100 by default) so the run takes 3½ minutes, not 11; the
broadcaster is set to the same rate with paid broadcasts on, as an operator would set it.
Each injected 429 pauses all sending for its ``retry_after`` (1 s), which at 100 a second
costs 100 messages' time, at Telegram's 30 only 30: the raised limit makes 429s dearer.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from bench.inboxes import StampingEmulator, tally
from bot.settings import Settings
from handlers.hearings.common import after_change
from models import Delivery, HearingSubscription, Resident, utcnow
from playground.emulator import Fault, Limits
from playground.emulator.limits import RateLimiter
from playground.runner import emulator_server, running_kenes
from services import hearings
from services.hearings import HearingFields, Progress
from services.staff import Actor, Role

SUBSCRIBERS = 20_000
OTHERS = 1_000  # subscribed to another district: not in the audience
LIMIT = 100.0  # messages a second for the bot (Telegram: 30; 1000 with paid broadcasts)
INJECTED_429 = 2  # on top of whatever the limit itself refuses
RETRY_AFTER = 1  # seconds, in each injected 429
CONCURRENCY = 32
ADMIN = 900
FIRST_ID = 30_000_001
# The scopes a subscription can have, each covering the announced hearing (almaly, roads).
COVERING = (("city", ""), ("district", "almaly"), ("topic", "roads"))


def _language(telegram_id: int) -> str:
    return "kk" if telegram_id % 2 else "ru"


async def _seed(kenes: Any, emulator: StampingEmulator, audience: range, others: range) -> None:
    """Consented residents who have written to the bot, with their subscriptions."""
    now = utcnow()
    everyone = range(audience.start, others.stop)
    rows = [{"telegram_id": i, "language": _language(i), "consent_at": now} for i in everyone]
    async with kenes.sessionmaker() as session, session.begin():
        await session.execute(insert(Resident), rows)
        ids = dict((await session.execute(select(Resident.telegram_id, Resident.id))).all())
        await session.execute(
            insert(HearingSubscription),
            [
                {
                    "resident_id": ids[i],
                    "scope": COVERING[i % 3][0] if i in audience else "district",
                    "code": COVERING[i % 3][1] if i in audience else "medeu",
                }
                for i in everyone
            ],
        )
    for telegram_id in [*everyone, ADMIN]:
        user = emulator.user(telegram_id, language_code=_language(telegram_id))
        user.started = True
        emulator.private_chat(user)


def _fields() -> HearingFields:
    starts = utcnow() + timedelta(days=14)
    return HearingFields(
        title_kk="Абай даңғылын жөндеу",
        title_ru="Ремонт проспекта Абая",
        description_kk="Абай даңғылын 2027 жылы жөндеу жобасын талқылаймыз.",
        description_ru="Обсуждаем проект ремонта проспекта Абая в 2027 году.",
        starts_at=starts,
        address="Абай даңғылы, 90, әкімдік, 3-қабат",
        link=None,
        district="almaly",
        topic="roads",
        seats=None,
        questions_until=None,
    )


async def _publish(kenes: Any) -> int:
    """What the publish button does once the staff member confirms the preview."""
    async with kenes.sessionmaker() as session:
        announced = await hearings.publish(
            session, _fields(), Actor(ADMIN, Role.ADMIN), Progress(ADMIN, "kk")
        )
    data = {
        "broadcaster": kenes.broadcaster,
        "scheduler": kenes.scheduler,
        "sessionmaker": kenes.sessionmaker,
        "settings": kenes.settings,
    }
    await after_change(announced, data)
    assert announced.broadcast_id is not None
    return announced.broadcast_id


async def run(
    subscribers: int = SUBSCRIBERS,
    *,
    others: int = OTHERS,
    limit: float | None = None,
    injected: int = INJECTED_429,
) -> dict[str, Any]:
    limit = limit or float(os.environ.get("KENES_BENCH_BROADCAST_LIMIT", LIMIT))
    audience = range(FIRST_ID, FIRST_ID + subscribers)
    outsiders = range(audience.stop, audience.stop + others)
    emulator = StampingEmulator(limits=Limits(per_bot=None))  # limits on once seeded
    with tempfile.TemporaryDirectory() as workdir:
        settings = Settings(
            _env_file=None,
            database_url=f"sqlite+aiosqlite:///{Path(workdir) / 'kenes.db'}",
            admin_ids=[ADMIN],
            pulse_enabled=False,
            broadcast_rate=limit,
            broadcast_paid=limit > 30,
            broadcast_concurrency=CONCURRENCY,
            broadcast_progress_interval=2.0,
            log_level="WARNING",
        )
        async with (
            emulator_server(emulator) as server,
            running_kenes(settings, emulator, server.url) as kenes,
        ):
            await _seed(kenes, emulator, audience, outsiders)
            emulator.limiter = RateLimiter(Limits(per_bot=limit, per_chat=1.0))
            step = max(1, subscribers // (injected + 1))
            for n in range(1, injected + 1):
                chat = audience[n * step]
                emulator.faults.add(Fault("sendMessage", 429, RETRY_AFTER, chat_id=chat))
            started, cpu = time.monotonic(), time.process_time()
            broadcast_id = await _publish(kenes)
            await kenes.broadcaster.wait(broadcast_id)
            seconds, cpu = time.monotonic() - started, time.process_time() - cpu
            async with kenes.sessionmaker() as session, session.begin():
                states = Counter((await session.scalars(select(Delivery.state))).all())
    counted = tally(emulator, set(audience), ignored={ADMIN})
    return {
        "subscribers": subscribers,
        "sent": counted.sent,
        "duplicates": counted.duplicates,
        "missed": counted.missed,
        "sent_to_others": counted.strangers,
        "limit": limit,
        "achieved_rate": round(counted.achieved_rate, 1),
        "efficiency": round(counted.achieved_rate / limit, 3),
        "limit_note": (
            f"the emulator allows {limit:g} messages/s per bot (Telegram: 30, 1000 paid) and "
            "1/s per chat, answering 429 beyond; the broadcaster is set to the same rate; "
            "real clock, not scaled"
        ),
        "answered_429": len(emulator.retry_afters),
        "injected_429": emulator.faults.hits,
        "refused_by_limit": emulator.limiter.refused,
        "retry_after_seconds_total": sum(emulator.retry_afters),
        "seconds": round(seconds, 1),
        # Kenes and the emulator share this process: its CPU time over the broadcast
        "cpu_ms_per_message": round(cpu * 1000 / max(1, counted.sent), 2),
        "deliveries": dict(states),
        "database": "SQLite",
        "concurrency": CONCURRENCY,
        "targets": {"duplicates": 0, "missed": 0, "efficiency": 0.95},
    }
