"""The gate of staff routers: on every message and button press it looks the sender's role
up in the database (administrators from ``KENES_ADMIN_IDS``), lets staff of the required role
through with ``actor`` in the handler data, and refuses anyone else with a short answer in
their language and an entry in the audit log. Buttons shown earlier grant nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject, User
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from services import staff
from services.staff import Actor, Role


def _attempted(event: TelegramObject) -> str:
    """What was tried, for the audit log: the command, the button's data, or the content."""
    if isinstance(event, CallbackQuery):
        return "button:" + (event.data or "")
    if isinstance(event, Message):
        if event.text and event.text.startswith("/"):
            return event.text.split(maxsplit=1)[0]
        return "message:" + event.content_type  # the value ("text"), not "ContentType.TEXT"
    return type(event).__name__


class StaffOnly(BaseMiddleware):
    def __init__(self, role: Role, flows: Iterable[type[StatesGroup]] = ()) -> None:
        self.role = role
        self.flows = tuple(flows)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        settings: Settings = data["settings"]
        role = await staff.role_of(session, user.id, settings.admin_ids) if user else None
        if user is not None and role is not None and role.includes(self.role):
            data["actor"] = Actor(user.id, role)
            return await handler(event, data)
        if user is not None:
            await staff.record_refusal(
                session,
                user.id,
                role,
                required=self.role,
                attempted=_attempted(event),
                per_hour=settings.refusals_audited_per_hour,
            )
        await self._leave_flow(data)
        await self._refuse(event, data, role)
        return None

    async def _leave_flow(self, data: dict[str, Any]) -> None:
        """A moderator removed in the middle of a staff flow is taken out of it."""
        state: FSMContext | None = data.get("state")
        raw_state = data.get("raw_state")
        if state is not None and raw_state and any(raw_state in flow for flow in self.flows):
            await state.clear()

    @staticmethod
    async def _refuse(event: TelegramObject, data: dict[str, Any], role: Role | None) -> None:
        text = (
            _("Only administrators can do this.")
            if role is not None
            else _("This is for the akimat's staff only.")
        )
        if isinstance(event, CallbackQuery):
            answer: CallbackAnswer | None = data.get("callback_answer")
            if answer is not None:
                answer.text = text
                answer.show_alert = True
        elif isinstance(event, Message):
            await event.answer(text)


def require_staff(
    router: Router, role: Role, *, flows: Iterable[type[StatesGroup]] = ()
) -> Router:
    """Let only staff of ``role`` (or higher) use ``router``; ``flows`` are its StatesGroups,
    left when a refused person is still in one of them."""
    gate = StaffOnly(role, flows)
    router.message.middleware(gate)
    router.callback_query.middleware(gate)
    return router
