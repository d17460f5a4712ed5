"""Helpers for broadcast tests: many residents at once, a test-only broadcast kind, and
what the emulator saw."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Iterator

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import I18n, get_i18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcast.renderers import Recipient, Rendered, register_renderer, unregister_renderer
from models import Delivery, Resident, utcnow
from playground.emulator import Emulator

KIND = "test_notice"


async def render_notice(
    recipient: Recipient, subject_id: int | None, session: AsyncSession
) -> Rendered:
    """A real catalog text in the locale the runner entered, and a button."""
    language = get_i18n().current_locale
    text = f"<b>{_('Main menu')}</b> #{subject_id} ({language})"
    button = InlineKeyboardButton(text=_("Help"), callback_data=f"tn:{subject_id}")
    return text, InlineKeyboardMarkup(inline_keyboard=[[button]])


def expected_notice(i18n: I18n, language: str, subject_id: int) -> str:
    with i18n.use_locale(language):
        return f"{i18n.gettext('Main menu')} #{subject_id} ({language})"


class NoticeKind:
    """``with NoticeKind():`` registers the test-only renderer for the duration of a test."""

    def __enter__(self) -> NoticeKind:
        register_renderer(KIND, render_notice)
        return self

    def __exit__(self, *exc: object) -> None:
        unregister_renderer(KIND)


def language_of(telegram_id: int) -> str:
    return "kk" if telegram_id % 2 else "ru"


async def seed_residents(
    sessionmaker: async_sessionmaker[AsyncSession], emulator: Emulator, ids: range
) -> None:
    """Consented residents who have written to the bot, half in Kazakh, half in Russian."""
    now = utcnow()
    rows = [{"telegram_id": i, "language": language_of(i), "consent_at": now} for i in ids]
    async with sessionmaker() as session, session.begin():
        await session.execute(insert(Resident), rows)
    for telegram_id in ids:
        user = emulator.user(telegram_id, language_code=language_of(telegram_id))
        user.started = True
        emulator.private_chat(user)


def sends_to(emulator: Emulator, ids: range) -> Iterator[int]:
    """Chat ids of every sendMessage request to these residents, as the emulator got them."""
    for name, params in emulator.requests:
        if name == "sendMessage" and int(params["chat_id"]) in ids:
            yield int(params["chat_id"])


def sends_counter(emulator: Emulator, ids: range) -> Callable[[], int]:
    """A function that says how many sendMessage requests these residents have had so far,
    reading only the requests that came since its last call (a wait checks it at every
    request: reading them all each time costs a broadcast's tests quadratic time)."""
    read = 0
    count = 0

    def sends() -> int:
        nonlocal read, count
        requests = emulator.requests
        for name, params in requests[read:]:
            if name == "sendMessage" and int(params["chat_id"]) in ids:
                count += 1
        read = len(requests)
        return count

    return sends


async def delivery_states(sessionmaker: async_sessionmaker[AsyncSession]) -> Counter[str]:
    async with sessionmaker() as session, session.begin():
        states = (await session.execute(select(Delivery.state))).scalars().all()
    return Counter(states)


async def blocked_ids(sessionmaker: async_sessionmaker[AsyncSession]) -> set[int]:
    """Telegram ids of the residents marked as having blocked the bot."""
    async with sessionmaker() as session, session.begin():
        rows = await session.scalars(
            select(Resident.telegram_id).where(Resident.bot_blocked_at.is_not(None))
        )
        return set(rows)


async def wait_until(predicate: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
