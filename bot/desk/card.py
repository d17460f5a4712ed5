"""How a need reads on a moderator's card, and how staff actions read on it and in
``/audit``. Call inside the reader's locale; whatever residents or staff typed is escaped."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import html
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from bot.i18n import format_datetime, format_number
from bot.render import filed_fields, fit, shown_description, status_label
from models.audit import AuditEntry
from services.cards import CardData
from services.queue import is_overdue

MAP_URL = "https://maps.google.com/?q={lat},{lon}"  # no "&": nothing to escape in href


def age(since: datetime, at: datetime, language: str) -> str:
    days = max(0, (at - since).days)
    if days == 0:
        return _("less than a day")
    return _("{count} day", "{count} days", days).format(count=format_number(days, language))


def map_link(latitude: float, longitude: float) -> str:
    lat, lon = f"{latitude:.5f}", f"{longitude:.5f}"
    return f'<a href="{MAP_URL.format(lat=lat, lon=lon)}">{lat}, {lon}</a>'


def action_label(entry: AuditEntry, language: str, notice: str | None = None) -> str:
    """What a staff action on a need did, in a few words; ``notice``: what became of the
    author's notice about it (``blocked``, ``failed``: not delivered)."""
    label = _action_label(entry, language, blocked=notice == "blocked")
    if notice == "blocked" and entry.action != "need.reply":
        return label + " · " + _("⚠️ not delivered: the resident has blocked Kenes")
    if notice == "failed" and entry.action == "need.reply":
        return _("💬 Answer not delivered to the resident")
    if notice == "failed":
        return label + " · " + _("⚠️ not delivered to the resident")
    return label


def _action_label(entry: AuditEntry, language: str, *, blocked: bool) -> str:
    after = entry.after or {}
    if entry.action == "need.reply" and blocked:
        return _("💬 Answer not delivered: the resident has blocked Kenes")
    if entry.action == "need.reply":
        return _("💬 Answer sent")
    if entry.action == "need.route":
        names = after.get("names") or {}
        return _("🏢 Routed to {department}").format(
            department=html.quote(str(names.get(language) or next(iter(names.values()), "")))
        )
    status = str(after.get("status", ""))
    return status_label(status) if status else html.quote(entry.action)


def actor_name(entry: AuditEntry) -> str:
    name = (entry.after or {}).get("by")
    return html.quote(str(name)) if name else str(entry.actor_id)


def card_text(
    data: CardData, *, catalog: Catalog, language: str, tz: ZoneInfo, at: datetime
) -> str:
    """The card; a description too long for one message (emoji count twice in Telegram's
    limit) is shortened with "…"."""
    return fit(
        lambda shown: _card(data, shown, catalog=catalog, language=language, tz=tz, at=at),
        [shown_description(data.need), data.reopen_comment or "", data.need.public_summary or ""],
    )


def public_text(summary: str | None, category: str, catalog: Catalog, language: str) -> str:
    """What open data and the duplicate offer will show of the need (escaped)."""
    if summary:
        return html.quote(summary)
    entry = catalog.category(category)
    return _("only the category: {category}").format(
        category=entry.name(language) if entry else category
    )


def _card(
    data: CardData,
    shown: list[str],
    *,
    catalog: Catalog,
    language: str,
    tz: ZoneInfo,
    at: datetime,
) -> str:
    need = data.need
    description, comment, summary = shown
    header = _("<b>Need {number}</b>").format(number=need.number)
    if is_overdue(need, at):
        header += " · " + _("⏰ <b>Overdue</b>")
    lines = [
        header,
        _("<b>Status:</b> {status}").format(status=status_label(need.status)),
        filed_fields(need, catalog, language, description=description, photos=len(data.photos)),
    ]
    if need.latitude is not None and need.longitude is not None:
        lines.append(_("<b>Map:</b> {link}").format(link=map_link(need.latitude, need.longitude)))
    lines += [
        _("<b>Supported by:</b> {count}").format(count=format_number(data.supporters, language)),
        _("<b>Filed:</b> {date}").format(date=format_datetime(need.created_at, language, tz)),
        _("<b>Waiting:</b> {age}").format(age=age(need.created_at, at, language)),
        _("<b>Answer due by:</b> {date}").format(
            date=format_datetime(need.deadline_at, language, tz)
        ),
    ]
    if comment:
        lines.append(
            _("<b>Not solved, the author writes:</b> {comment}").format(
                comment=html.quote(comment)
            )
        )
    lines.append(
        _("<b>Public:</b> {text}").format(
            text=public_text(summary, need.category, catalog, language)
        )
    )
    if data.department is not None:
        lines.append(
            _("<b>Department:</b> {name}").format(name=html.quote(data.department.name(language)))
        )
    if data.author_blocked:
        lines.append(_("🚫 The author is blocked."))
    if data.last is not None:
        lines.append(
            _("<b>Last action:</b> {action} — {who}, {date}").format(
                action=action_label(data.last, language, data.author_notice),
                who=actor_name(data.last),
                date=format_datetime(data.last.at, language, tz),
            )
        )
    return "\n".join(lines)
