from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from keyboards.menu import HELP, MenuButton

router = Router(name="help")


@router.message(Command("help"))
@router.message(MenuButton(HELP))
async def show_help(message: Message) -> None:
    await message.answer(
        _(
            "<b>Kenes</b> connects you with the city akimat.\n\n"
            "📝 <b>Report a need</b>: a problem in your yard, street or district: roads, "
            "lighting, waste, heating and more.\n"
            "⭐ <b>Rate a service</b>: how well a city service works, from 1 to 5.\n"
            "🏛 <b>Public hearings</b>: upcoming hearings; register and send your questions "
            "in advance.\n"
            "📋 <b>My submissions</b>: the status of everything you have sent.\n"
            "📊 <b>City statistics</b>: what residents reported and how they rated services "
            "in the last 30 days.\n\n"
            "<b>Commands</b>\n"
            "/start: the main menu\n"
            "/my: your submissions\n"
            "/stats: city statistics\n"
            "/language: change the language\n"
            "/cancel: stop the current action\n"
            "/privacy: how your data is handled\n"
            "/delete_me: delete your personal data\n"
            "/help: this help"
        )
    )
