"""``/moderators``: administrators list, add and remove moderators. Every event is checked
against the database by the staff gate (``handlers/staff_gate.py``)."""

from __future__ import annotations

from aiogram import F, Router

from handlers.moderators import adding, listing
from handlers.moderators.states import AddingModerator
from handlers.staff_gate import require_staff
from services.staff import Role

router = Router(name="moderators")
router.message.filter(F.chat.type == "private")
router.include_routers(listing.router, adding.router)
require_staff(router, Role.ADMIN, flows=[AddingModerator])

__all__ = ["router"]
