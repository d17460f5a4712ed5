"""``/audit N``: what staff did to need N (from the append-only audit log), page by page.
The log can only be read here; nothing in Kenes edits or deletes it."""

from __future__ import annotations

from typing import Any

from aiogram import Router, html
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.desk.card import action_label, actor_name
from bot.i18n import format_datetime
from bot.render import status_label
from keyboards.lists import AuditPage, audit_keyboard
from models.audit import AuditEntry
from services import moderation, need_audit
from services.staff import Role

router = Router(name="moderation.audit")
MAX_TEXT_SHOWN = 300


def _entry(entry: AuditEntry, language: str, data: dict[str, Any]) -> str:
    role = _("role: administrator") if entry.actor_role == Role.ADMIN else _("role: moderator")
    line = _("{date} — {who} ({role}): {action}").format(
        date=format_datetime(entry.at, language, data["settings"].tz),
        who=actor_name(entry),
        role=role,
        action=action_label(entry, language),
    )
    before, after = (entry.before or {}).get("status"), (entry.after or {}).get("status")
    if before and after and before != after:
        line += f" ({status_label(before)} → {status_label(after)})"
    if entry.text_sent:
        text = entry.text_sent
        text = text if len(text) <= MAX_TEXT_SHOWN else text[: MAX_TEXT_SHOWN - 1] + "…"
        line += "\n    " + _("Text sent: {text}").format(text=html.quote(text))
    return "• " + line


async def _render(need_id: int, number: int, data: dict[str, Any]) -> tuple[str, Any] | None:
    found = await need_audit.page(data["session"], need_id, number)
    if found is None:
        return None
    language = data["i18n"].current_locale
    lines = [
        _("<b>Audit log of need {number}</b>: {count}. Page {page} of {pages}.").format(
            number=found.need.number, count=found.total, page=found.page + 1, pages=found.pages
        ),
        _("Filed: {date}").format(
            date=format_datetime(found.need.created_at, language, data["settings"].tz)
        ),
    ]
    lines += [_entry(entry, language, data) for entry in found.entries]
    if not found.entries:
        lines.append(_("No staff action yet."))
    return "\n".join(lines), audit_keyboard(need_id, found.page, found.pages)


@router.message(Command("audit"))
async def show_audit(message: Message, command: CommandObject, **data: Any) -> None:
    need = await moderation.find_need(data["session"], command.args or "")
    shown = await _render(need.id, 0, data) if need is not None else None
    if shown is None:
        await message.answer(
            _("Send /audit with a need's number, for example: /audit N-2026-000012")
        )
        return
    await message.answer(shown[0], reply_markup=shown[1])


@router.callback_query(AuditPage.filter())
async def turn(query: CallbackQuery, callback_data: AuditPage, **data: Any) -> None:
    shown = await _render(callback_data.need_id, callback_data.page, data)
    if shown is not None and isinstance(query.message, Message):
        await query.message.edit_text(shown[0], reply_markup=shown[1])
