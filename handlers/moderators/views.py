"""The list of moderators as an administrator sees it."""

from __future__ import annotations

from aiogram import html
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import format_day
from bot.settings import Settings
from keyboards.moderators import PAGE_SIZE, moderators_keyboard, page_of
from models.staff import StaffMember
from services import staff


def name_of(member: StaffMember | None, telegram_id: int, name: str | None = None) -> str:
    """A moderator's name for message text (HTML-escaped), with their id."""
    name = member.name if member is not None and member.name else name
    return f"{html.quote(name)} ({telegram_id})" if name else str(telegram_id)


async def moderators_view(
    session: AsyncSession, settings: Settings, locale: str, page: int = 0
) -> tuple[str, InlineKeyboardMarkup]:
    members = await staff.moderators(session)
    shown, page, pages = page_of(members, page)
    lines = [_("<b>👥 Moderators of Kenes</b>")]
    if not members:
        lines.append(_("There are no moderators yet."))
    for number, member in enumerate(shown, start=page * PAGE_SIZE + 1):
        since = format_day(member.created_at.astimezone(settings.tz).date(), locale)
        lines.append(
            _("{number}. {name}, since {date}").format(
                number=number, name=name_of(member, member.telegram_id), date=since
            )
        )
    if pages > 1:
        lines.append(_("Page {page} of {pages}").format(page=page + 1, pages=pages))
    return "\n".join(lines), moderators_keyboard(shown, page, pages)
