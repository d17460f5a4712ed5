"""``/console``: a member of staff gets a one-time link that signs them in to the akimat's
console in a browser (``console/``); valid for 10 minutes, usable once, bound to them.
Only in a private chat; residents and unknown ids are refused by the staff gate."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import Command
from aiogram.types import LinkPreviewOptions, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from console import Console
from handlers.staff_gate import require_staff
from services import console_access
from services.staff import Actor, Role

router = Router(name="console")
router.message.filter(F.chat.type == "private")
require_staff(router, Role.MODERATOR)


@router.message(Command("console"))
async def open_console(
    message: Message, actor: Actor, session: AsyncSession, console: Console | None
) -> None:
    if console is None or not console.base_url:
        await message.answer(_("The console is not switched on in this Kenes."))
        return
    name = message.from_user.full_name if message.from_user else None
    token = await console_access.issue_link(session, console.key, actor.telegram_id, name=name)
    link = console.link(token)
    await message.answer(
        _(
            "Your link to the akimat's console: {link}\n"
            "It signs you in once and is valid for 10 minutes. Do not forward it to anyone."
        ).format(link=f'<a href="{html.quote(link)}">{html.quote(link)}</a>'),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
