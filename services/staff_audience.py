"""Where messages for the akimat's staff go (export alerts, digests): the moderators' group
(``KENES_MODERATOR_CHAT_ID``) in ``KENES_DEFAULT_LANGUAGE``, or, without a group, each
administrator and active moderator privately, in the language they chose in Kenes.

One language in the group, not both: the group is the akimat's shared workspace whose working
language the akimat sets with ``KENES_DEFAULT_LANGUAGE``; a bilingual message would repeat
every line, double the chart and the spreadsheet, and crowd Telegram's caption and message
limits. Staff who prefer the other language get everything privately in it when no group is
set.

The command menus of staff (``bot/staff_commands.py``) need every member of staff with their
role and the language they chose, if they ever wrote to Kenes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from models.repositories import residents
from models.repositories import staff as staff_repo
from services import staff
from services.staff import Role


@dataclass(frozen=True)
class StaffChat:
    chat_id: int
    language: str


async def audience(session: AsyncSession, settings: Settings) -> list[StaffChat]:
    if settings.moderator_chat_id is not None:
        return [StaffChat(settings.moderator_chat_id, settings.default_language)]
    async with session.begin():
        moderators = [member.telegram_id for member in await staff_repo.active(session)]
        people = list(dict.fromkeys([*settings.admin_ids, *moderators]))
        languages = await residents.languages_of(session, people)
    return [StaffChat(p, languages.get(p, settings.default_language)) for p in people]


@dataclass(frozen=True)
class StaffPerson:
    """A member of staff now, for their command menu: ``language`` is the one they chose in
    Kenes, ``None`` before they ever wrote to it."""

    telegram_id: int
    admin: bool
    language: str | None


async def staff_people(session: AsyncSession, admin_ids: Collection[int]) -> list[StaffPerson]:
    """Every administrator and active moderator."""
    async with session.begin():
        moderators = [member.telegram_id for member in await staff_repo.active(session)]
        people = list(dict.fromkeys([*admin_ids, *moderators]))
        languages = await residents.languages_of(session, people)
    return [StaffPerson(p, p in admin_ids, languages.get(p)) for p in people]


async def staff_person(
    session: AsyncSession, telegram_id: int, admin_ids: Collection[int]
) -> StaffPerson | None:
    """``telegram_id`` as staff now; ``None`` when they are not (a removed moderator)."""
    async with session.begin():
        role = await staff.role_in(session, telegram_id, admin_ids)
        if role is None:
            return None
        languages = await residents.languages_of(session, [telegram_id])
    return StaffPerson(telegram_id, role is Role.ADMIN, languages.get(telegram_id))
