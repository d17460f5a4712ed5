"""Residents and polls: answering (``answering``), ``/polls`` and the district for polls
(``listing``). At start-up the polls' jobs are registered (``scheduler/polls.py``)."""

from __future__ import annotations

from aiogram import Router
from aiogram.utils.i18n import I18n
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcast import Broadcaster
from bot.settings import Settings
from handlers.gates import require_resident
from handlers.polls import answering, listing
from scheduler.polls import PollJobs

router = require_resident(Router(name="polls"))
router.include_routers(answering.router, listing.router)


@router.startup()
async def register_poll_jobs(
    scheduler: AsyncIOScheduler,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    i18n: I18n,
    broadcaster: Broadcaster | None = None,
) -> None:
    """Opening, closing and the pulse run as scheduler jobs, which need the broadcaster
    (``bot.app.build`` provides it; a dispatcher built without one has no poll jobs)."""
    if broadcaster is not None:
        PollJobs(scheduler, sessionmaker, broadcaster, settings, i18n).register()


__all__ = ["router"]
