"""Moderation: the buttons of need cards and the actions they start, ``/queue``,
``/audit N``, ``/comments`` (hiding rating comments), ``/blocked``. Moderators work in
their private chat with Kenes or in the moderators' group (``KENES_MODERATOR_CHAT_ID``);
every message and press is checked against the database by the staff gate, and every
action again inside its own transaction (``services.moderation``)."""

from __future__ import annotations

from aiogram import Router

from handlers.moderation import (
    answers,
    audit,
    blocked,
    card,
    choices,
    comments,
    confirm,
    hiding,
    queue,
    summary,
    typed,
)
from handlers.moderation.common import DeskChat
from handlers.moderation.states import Moderating
from handlers.staff_gate import require_staff
from services.staff import Role

router = Router(name="moderation")
router.message.filter(DeskChat())
router.callback_query.filter(DeskChat())
router.include_routers(
    card.router,
    choices.router,
    answers.router,
    typed.router,
    confirm.router,
    summary.router,
    queue.router,
    audit.router,
    hiding.router,
    comments.router,
    blocked.router,
)
require_staff(router, Role.MODERATOR, flows=[Moderating])

__all__ = ["router"]
