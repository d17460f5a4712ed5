"""Where messages for the akimat's staff go (export alerts, digests): the moderators' group
(``KENES_MODERATOR_CHAT_ID``) in ``KENES_DEFAULT_LANGUAGE``, or, without a group, each
administrator and active moderator privately, in the language they chose in Kenes.

One language in the group, not both: the group is the akimat's shared workspace whose working
language the akimat sets with ``KENES_DEFAULT_LANGUAGE``; a bilingual message would repeat
every line, double the chart and the spreadsheet, and crowd Telegram's caption and message
limits. Staff who prefer the other language get everything privately in it when no group is
set.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from models.repositories import residents
from models.repositories import staff as staff_repo


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
