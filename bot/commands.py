"""The command menu Telegram shows residents, registered once per language. The staff's
menus (their private chats and the moderators' group) are ``bot.staff_commands``."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import lazy_gettext as __
from babel.support import LazyProxy

from bot.i18n import TELEGRAM_LANGUAGES

logger = logging.getLogger(__name__)

Commands = tuple[tuple[str, LazyProxy], ...]

RESIDENT_COMMANDS: Commands = (
    ("start", __("Main menu")),
    ("my", __("My submissions")),
    ("hearings", __("Public hearings")),
    ("stats", __("City statistics for the last 30 days")),
    ("polls", __("Polls of the akimat")),
    ("help", __("Help")),
    ("language", __("Change the language")),
    ("cancel", __("Cancel the current action")),
    ("privacy", __("Personal data")),
    ("delete_me", __("Delete my data")),
)


def resident_commands(*names: str) -> Commands:
    """Some of the residents' commands, in the order given, with the same descriptions."""
    described = dict(RESIDENT_COMMANDS)
    return tuple((name, described[name]) for name in names)


def commands_in(
    i18n: I18n, language: str, commands: Iterable[tuple[str, LazyProxy]] = RESIDENT_COMMANDS
) -> list[BotCommand]:
    with i18n.context(), i18n.use_locale(language):
        return [BotCommand(command=name, description=str(text)) for name, text in commands]


async def register_commands(bot: Bot, i18n: I18n) -> None:
    """One menu per language, and the default language's menu for everyone else."""
    try:
        for language in TELEGRAM_LANGUAGES:
            await bot.set_my_commands(commands_in(i18n, language), language_code=language)
        await bot.set_my_commands(commands_in(i18n, i18n.default_locale))
    except TelegramAPIError as error:
        logger.warning("command menu not registered: %s", error)
