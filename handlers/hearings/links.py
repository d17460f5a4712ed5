"""The deep link ``t.me/<bot>?start=h_<id>`` (posters, QR codes) opens a hearing's card. Its
routers come before /start, which would take the command. Someone who has not given consent
yet goes through language and consent first, and gets the card right after."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.flows import after_consent
from bot.hearings.card import DEEP_LINK_PREFIX
from handlers.gates import require_resident
from handlers.hearings.browse import send_card
from models.resident import Resident

HEARING_LINK = (
    CommandStart(deep_link=True),
    F.text.regexp(rf"^/start {DEEP_LINK_PREFIX}\d{{1,9}}$"),
)

newcomers = Router(name="hearings.links.newcomers")
residents = require_resident(Router(name="hearings.links"))


def _hearing_id(command: CommandObject) -> int:
    return int((command.args or "").removeprefix(DEEP_LINK_PREFIX))


@newcomers.message(*HEARING_LINK)
async def remember(
    message: Message, command: CommandObject, state: FSMContext, resident: Resident | None
) -> None:
    """Keep the hearing for after consent; /start itself asks for the language or consent."""
    if resident is not None and resident.has_consented:
        raise SkipHandler
    await state.update_data(pending_hearing=_hearing_id(command))
    raise SkipHandler


@residents.message(*HEARING_LINK)
async def opened_by_link(message: Message, command: CommandObject, **data: Any) -> None:
    if not await send_card(message, _hearing_id(command), data):
        await message.answer(_("This hearing was not found. Send /hearings to see those to come."))


@after_consent
async def open_remembered(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    pending = (await state.get_data()).get("pending_hearing")
    if pending is not None:
        await state.update_data(pending_hearing=None)
        await send_card(message, int(pending), data)
