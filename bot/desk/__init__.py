"""The moderators' desk (``bot.desk.desk.Desk``): cards of needs in the moderators' chats,
and what residents are told about moderators' actions (``bot.desk.notices``)."""

from __future__ import annotations

from datetime import datetime

from aiogram import Bot, Dispatcher
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.desk import notices
from bot.desk.desk import Desk
from bot.desk.guard import GroupGuard
from bot.desk.prompts import PromptSweep
from models.notice import BROADCAST_KIND
from services.holidays import report_overrides

__all__ = ["Desk", "GroupGuard", "install"]


def install(dispatcher: Dispatcher, bot: Bot, scheduler: AsyncIOScheduler) -> Desk:
    """Make ``desk`` available to handlers, register the queue job (leader only), and have
    a card say when a notice did not reach the author."""
    settings = dispatcher["settings"]
    desk = Desk(
        bot, dispatcher["sessionmaker"], dispatcher["i18n"], dispatcher["catalog"], settings
    )
    desk.tracker = dispatcher.workflow_data.get("tracker")
    dispatcher["desk"] = desk
    notices.configure(dispatcher["catalog"], settings.tz)  # the renderer of notices
    dispatcher["broadcaster"].when_done(BROADCAST_KIND, desk.notice_done)
    guard = GroupGuard(bot, dispatcher["sessionmaker"], dispatcher["i18n"], settings)
    dispatcher["guard"] = guard

    async def check_the_group() -> None:
        await guard.check()

    dispatcher.startup.register(check_the_group)
    scheduler.add_job(
        desk.tick,
        "interval",
        seconds=settings.queue_interval,
        id="moderation-queue",
        replace_existing=True,
    )
    sweep = PromptSweep(
        bot,
        dispatcher["sessionmaker"],
        dispatcher["i18n"],
        dispatcher.fsm.storage,
        dispatcher.fsm.events_isolation,
    )
    scheduler.add_job(  # often enough that an expired question is told within a quarter
        sweep.sweep,
        "interval",
        seconds=max(0.5, min(30.0, settings.moderator_prompt_seconds / 4)),
        id="moderator-prompts",
        replace_existing=True,
    )
    report_overrides(datetime.now(settings.tz).date())
    return desk
