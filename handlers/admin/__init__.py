"""Administrators' tools besides ``/moderators``: reply templates and departments. Checked
against the database at every message and press (``handlers.staff_gate``)."""

from __future__ import annotations

from aiogram import F, Router

from handlers.admin import editing, lists
from handlers.admin.states import Editing
from handlers.staff_gate import require_staff
from services.staff import Role

router = Router(name="admin")
router.message.filter(F.chat.type == "private")
router.include_routers(lists.router, editing.router)
require_staff(router, Role.ADMIN, flows=[Editing])

__all__ = ["router"]
