"""The command menus of staff, which Telegram shows instead of the residents' one: in the
moderators' group (``KENES_MODERATOR_CHAT_ID``) the commands that work there, and in each
moderator's and administrator's private chat their role's commands. Registered at start-up,
and again for one person when an administrator adds or removes them (a removed moderator's
menu is deleted, so they see the residents' menu again).

A person's menu is in the language they chose in Kenes; before they chose one, in each
language of Telegram's apps, as the residents' menu, and the group's menu too (in the cards'
language, ``KENES_MODERATOR_CHAT_LANGUAGE``, for apps in other languages). Telegram refuses a
chat it cannot see (someone who never wrote to Kenes, a group Kenes is not in): that is
logged, never raised."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommandScopeChat
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import lazy_gettext as __
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.commands import RESIDENT_COMMANDS, Commands, commands_in, resident_commands
from bot.i18n import TELEGRAM_LANGUAGES
from bot.latin import LATIN
from bot.settings import Settings
from services.staff_audience import StaffPerson, staff_people, staff_person

logger = logging.getLogger(__name__)

DESK_COMMANDS: Commands = (  # moderators' commands that work in the group too
    ("queue", __("Open needs, with filters")),
    ("audit", __("What staff did to a need: /audit N")),
    ("comments", __("Rating comments to hide")),
    ("blocked", __("Blocked residents")),
)
MODERATOR_COMMANDS: Commands = (
    ("staff", __("Staff tools")),
    *DESK_COMMANDS,
    ("newpoll", __("A new poll")),
    ("pollstats", __("Poll results, closing a poll early")),
    ("pulse", __("The SDG 16.7.2 indicator")),
    ("console", __("A link to the akimat's console in a browser")),
)
ADMIN_COMMANDS: Commands = (
    ("moderators", __("Moderators")),
    ("templates", __("Reply templates")),
    ("departments", __("Departments")),
)
GROUP_MENU: Commands = (*DESK_COMMANDS, *resident_commands("cancel"))


def private_menu(*, admin: bool) -> Commands:
    staff = (*MODERATOR_COMMANDS, *(ADMIN_COMMANDS if admin else ()))
    return (*staff, *resident_commands("start", "help", "language", "cancel"))


async def _set(
    bot: Bot, i18n: I18n, chat_id: int, menu: Commands, language: str | None, *, default: str
) -> None:
    """``menu`` for every app language in ``language``; without one, in each app's language,
    and in ``default`` for the apps in other languages."""
    scope = BotCommandScopeChat(chat_id=chat_id)
    try:
        for code in TELEGRAM_LANGUAGES:
            if language is None:
                await bot.set_my_commands(commands_in(i18n, code, menu), scope, code)
            else:  # a menu left from before they chose would win over the one below
                await bot.delete_my_commands(scope, code)
        shown = language or default
        await bot.set_my_commands(commands_in(i18n, shown, menu), scope)
    except TelegramAPIError as error:
        logger.warning("staff command menu not set in chat %s: %s", chat_id, error)


async def _delete(bot: Bot, chat_id: int) -> None:
    scope = BotCommandScopeChat(chat_id=chat_id)
    try:
        for code in (*TELEGRAM_LANGUAGES, None):
            await bot.delete_my_commands(scope, code)
    except TelegramAPIError as error:
        logger.warning("staff command menu not deleted in chat %s: %s", chat_id, error)


async def _show(bot: Bot, i18n: I18n, person: StaffPerson) -> None:
    menu = private_menu(admin=person.admin)
    default = i18n.default_locale
    await _set(bot, i18n, person.telegram_id, menu, person.language, default=default)


async def register_staff_menus(
    bot: Bot, i18n: I18n, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """At start-up: the moderators' group and every member of staff."""
    if settings.moderator_chat_id is not None:
        chat_id, language = settings.moderator_chat_id, settings.group_language
        await _set(bot, i18n, chat_id, GROUP_MENU, None, default=language)
    async with sessionmaker() as session:
        people = await staff_people(session, settings.admin_ids)
    for person in people:
        await _show(bot, i18n, person)


def start_staff_menus(
    bot: Bot, i18n: I18n, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> asyncio.Task[None]:
    """:func:`register_staff_menus` beside polling, not before it: a city with many staff
    members would otherwise wait three Bot API calls per person for its first update."""
    task = asyncio.create_task(_register_quietly(bot, i18n, settings, sessionmaker))
    _PENDING.add(task)
    task.add_done_callback(_PENDING.discard)
    return task


async def stop_staff_menus() -> None:
    for task in list(_PENDING):
        task.cancel()
    await asyncio.gather(*_PENDING, return_exceptions=True)


async def _register_quietly(
    bot: Bot, i18n: I18n, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    try:
        await register_staff_menus(bot, i18n, settings, sessionmaker)
    except Exception:  # a database hiccup at start-up: menus come with the next add or start
        logger.warning("staff menus not registered", exc_info=True)


_PENDING: set[asyncio.Task[None]] = set()


async def follow_language(
    bot: Bot,
    i18n: I18n,
    session: AsyncSession,
    settings: Settings,
    telegram_id: int,
    *,
    language: str,
    previous: str | None,
) -> None:
    """After someone chose a language: a member of staff gets their menu in it. A resident
    who chose Kazakh in the Latin alphabet gets the residents' menu in it in their chat
    (Telegram picks menus by the app's language, which has no script); leaving it, the
    menus of their app's language again."""
    person = await staff_person(session, telegram_id, settings.admin_ids)
    if person is not None:
        await _show(bot, i18n, person)
    elif language == LATIN:
        await _set(bot, i18n, telegram_id, RESIDENT_COMMANDS, LATIN, default=LATIN)
    elif previous == LATIN:
        await _delete(bot, telegram_id)


async def refresh_staff_menu(
    bot: Bot, i18n: I18n, session: AsyncSession, settings: Settings, telegram_id: int
) -> None:
    """After ``telegram_id`` was added or removed: their role's menu, or none."""
    person = await staff_person(session, telegram_id, settings.admin_ids)
    if person is None:
        await _delete(bot, telegram_id)
    else:
        await _show(bot, i18n, person)
