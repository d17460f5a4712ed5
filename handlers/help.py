"""/help and “❓ Help”: what Kenes offers a resident, and the same commands as the menu
Telegram shows (``bot.commands``), so the two never disagree."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.commands import RESIDENT_COMMANDS
from keyboards.menu import HELP, MenuButton

router = Router(name="help")


def help_text() -> str:
    sections = _(
        "<b>Kenes</b> connects you with the city akimat.\n\n"
        "📝 <b>Report a need</b>: a problem in your yard, street or district: roads, "
        "lighting, waste, heating and more.\n"
        "⭐ <b>Rate a service</b>: how well a city service works, from 1 to 5.\n"
        "🏛 <b>Public hearings</b>: the akimat's upcoming public hearings: register, send your "
        "questions in advance, and subscribe to hear about new ones.\n"
        "🗳 <b>Polls</b>: the akimat asks residents' opinion: answer the open polls and see "
        "the results once a poll has closed.\n"
        "📋 <b>My submissions</b>: the status of everything you have sent.\n"
        "📊 <b>City statistics</b>: what residents reported and how they rated services "
        "in the last 30 days."
    )
    commands = [f"/{name} — {description}" for name, description in RESIDENT_COMMANDS]
    return "\n".join([sections, "", _("<b>Commands</b>"), *commands])


@router.message(Command("help"))
@router.message(MenuButton(HELP))
async def show_help(message: Message) -> None:
    await message.answer(help_text())
