"""Staff's poll tools: ``/newpoll`` (the creation flow, ``states.py``; also from a hearing's
staff card, ``hearing.py``), ``/pollstats`` (results, closing early) and ``/pulse`` (the SDG
16.7.2 indicator). Every message and press is checked against the database by the staff gate
(``handlers/staff_gate.py``)."""

from __future__ import annotations

from aiogram import F, Router

from handlers.poll_admin import choices, hearing, manage, prompts, pulse, steps
from handlers.poll_admin.states import PollDraftFlow
from handlers.staff_gate import require_staff
from services.staff import Role

router = Router(name="poll_admin")
router.message.filter(F.chat.type == "private")
router.include_routers(steps.router, choices.router, hearing.router, manage.router, pulse.router)
require_staff(router, Role.MODERATOR, flows=[PollDraftFlow])

__all__ = ["prompts", "router"]
