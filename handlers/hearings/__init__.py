"""Public hearings. Residents (``require_resident``): the list, cards, registration,
questions, the calendar file and subscriptions to announcements; the deep link
``/start h_<id>``. Staff (``require_staff``, moderators and administrators): create, edit,
cancel, the QR code, moderating questions, the outcome. The flows are drawn in
``handlers/hearings/states.py``. Reminder jobs start with the dispatcher
(``scheduler/hearings.py``)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router

from handlers.gates import require_resident
from handlers.hearings import (
    browse,
    flow,
    moderation,
    outcome,
    publish,
    questions,
    staff,
    subscriptions,
)
from handlers.hearings import links as hearing_links
from handlers.hearings.states import HearingFlow, OutcomeFlow
from handlers.staff_gate import require_staff
from scheduler.hearings import Reminders
from services.staff import Role

residents = require_resident(Router(name="hearings"))
residents.include_routers(browse.router, questions.router, subscriptions.router)

staff_router = Router(name="hearings.staff_tools")
staff_router.message.filter(F.chat.type == "private")
staff_router.include_routers(
    flow.router, publish.router, staff.router, moderation.router, outcome.router
)
require_staff(staff_router, Role.MODERATOR, flows=[HearingFlow, OutcomeFlow])

router = Router(name="hearings.all")
router.include_routers(staff_router, residents)

links = Router(name="hearings.links.all")
links.include_routers(hearing_links.newcomers, hearing_links.residents)


async def _start_reminders(**data: Any) -> None:
    if data.get("broadcaster") is not None:  # a dispatcher built by ``bot.app.build``
        await Reminders(
            data["scheduler"], data["sessionmaker"], data["broadcaster"], data["settings"]
        ).start()


router.startup.register(_start_reminders)

__all__ = ["links", "router"]
