"""``/staff``: what a moderator or an administrator can do, and the recent broadcasts with
their progress. Checked against the database at every press, like every staff action."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcast.progress import progress_text
from bot.settings import Settings
from handlers.staff_gate import require_staff
from keyboards.staff import SECTIONS, StaffSection, back_keyboard, staff_keyboard
from services import broadcasts, group_members
from services.staff import Actor, Role

router = Router(name="staff_panel")
MAX_LISTED = 50  # people listed by name; a message stays well within Telegram's limit
router.message.filter(F.chat.type == "private")
require_staff(router, Role.MODERATOR)


def _listed(name: str, role: Role | None) -> str:
    if role is Role.ADMIN:
        return _("{name}: administrator of Kenes").format(name=name)
    if role is Role.MODERATOR:
        return _("{name}: moderator of Kenes").format(name=name)
    return _("{name}: ⚠️ neither a moderator nor an administrator").format(name=name)


async def _group(session: AsyncSession, settings: Settings) -> str:
    """Who is in the moderators' group, as Kenes knows it (``bot.desk.guard``)."""
    group = settings.moderator_chat_id
    if group is None:
        return ""
    people = await group_members.present(session, group, settings.admin_ids)
    lines = [
        "• " + _listed(html.quote(person.name) or str(person.user_id), person.role)
        for person in people[:MAX_LISTED]
    ]
    if len(people) > MAX_LISTED:
        lines.append(_("…and {count} more.").format(count=len(people) - MAX_LISTED))
    header = _("<b>👥 In the moderators' group, as Kenes knows it: {count}</b>").format(
        count=len(people)
    )
    if not people:
        lines = [
            _(
                "Kenes has seen nobody there yet: it learns who is in the group while it is "
                "an administrator of it."
            )
        ]
    return "\n\n" + header + "\n" + "\n".join(lines)


async def _home(
    actor: Actor, session: AsyncSession, settings: Settings
) -> tuple[str, InlineKeyboardMarkup]:
    role = (
        _("Your role: administrator.") if actor.role is Role.ADMIN else _("Your role: moderator.")
    )
    commands = "\n".join(
        [
            _("Needs: /queue (open needs, with filters), /audit N (what staff did to need N)."),
            _("Residents: /comments (rating comments to hide), /blocked (blocked residents)."),
            _(
                "Polls: /newpoll (a new poll), /pollstats (results, closing a poll early), "
                "/pulse (the SDG 16.7.2 indicator)."
            ),
            _(
                "Public hearings: the “🏛 Hearings” button below (announce a hearing, edit or "
                "cancel it, read the questions, the QR code, publish the outcome)."
            ),
        ]
    )
    if actor.role is Role.ADMIN:
        commands += "\n" + _(
            "Administrators: /moderators, /templates (reply templates), /departments."
        )
    text = _("<b>🛠 Kenes staff tools</b>") + "\n" + role + "\n\n" + commands
    text += await _group(session, settings)
    return text, staff_keyboard(admin=actor.role is Role.ADMIN)


@router.message(Command("staff"))
async def show_panel(
    message: Message, actor: Actor, session: AsyncSession, settings: Settings
) -> None:
    text, keyboard = await _home(actor, session, settings)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(StaffSection.filter(F.section.in_(SECTIONS)))
async def open_section(
    query: CallbackQuery,
    callback_data: StaffSection,
    actor: Actor,
    session: AsyncSession,
    i18n: I18n,
    settings: Settings,
) -> None:
    if not isinstance(query.message, Message):
        return
    if callback_data.section == "home":
        text, keyboard = await _home(actor, session, settings)
    else:
        recent = await broadcasts.recent(session)
        locale = i18n.current_locale
        blocks = [progress_text(b.id, progress, locale) for b, progress in recent]
        text = "\n\n".join(
            [_("<b>📣 Recent broadcasts</b>"), *blocks]
            if blocks
            else [_("There have been no broadcasts yet.")]
        )
        keyboard = back_keyboard()
    await query.message.edit_text(text, reply_markup=keyboard)
