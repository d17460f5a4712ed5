"""Gates for feature routers: only residents who gave consent (and, where it matters, are
not blocked by moderators) reach their handlers. Checked on every event, not by menus."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.i18n import pick_language
from bot.render import block_reason
from handlers.prompts import ask_consent, ask_language
from models.resident import Resident


class ResidentGate(BaseMiddleware):
    def __init__(self, *, allow_blocked: bool) -> None:
        self.allow_blocked = allow_blocked

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        resident: Resident | None = data.get("resident")
        if (
            resident is not None
            and resident.has_consented
            and (self.allow_blocked or not resident.is_blocked)
        ):
            return await handler(event, data)
        message = event.message if isinstance(event, CallbackQuery) else event
        if not isinstance(message, Message):
            return None
        if resident is None:
            user = data.get("event_from_user")
            i18n: I18n = data["i18n"]
            await ask_language(message, i18n, pick_language(user.language_code if user else None))
        elif not resident.has_consented:
            await message.answer(
                _("To do this, Kenes needs your consent to the processing of personal data.")
            )
            await ask_consent(message)
        else:
            await message.answer(
                _(
                    "The akimat's moderators have restricted your access to submissions. "
                    "Reason: {reason}"
                ).format(reason=block_reason(resident.blocked_reason))
            )
        return None


def require_resident(router: Router, *, allow_blocked: bool = False) -> Router:
    """Let only consenting residents (and not blocked ones, unless allowed) use ``router``."""
    gate = ResidentGate(allow_blocked=allow_blocked)
    router.message.middleware(gate)
    router.callback_query.middleware(gate)
    return router
