"""``/pulse``: the SDG 16.7.2 indicator of the latest quarter, with the change from the one
before (``docs/sdg-16-7-2.md``)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import Catalog
from bot.polls.pulse_report import pulse_text
from bot.settings import Settings
from services import pulse_results

router = Router(name="poll_admin.pulse")


@router.message(Command("pulse"))
async def show_pulse(
    message: Message, session: AsyncSession, settings: Settings, catalog: Catalog, i18n: I18n
) -> None:
    min_cell = settings.export_min_cell
    found = await pulse_results.latest(session, min_cell=min_cell)
    if found is None:
        await message.answer(
            _(
                "The SDG 16.7.2 pulse has not been held yet. It runs once a quarter; the "
                "indicator appears here once its questions have been sent."
            )
        )
        return
    current, previous = found
    await message.answer(pulse_text(current, previous, catalog, i18n.current_locale, min_cell))
