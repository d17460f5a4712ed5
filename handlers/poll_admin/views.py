"""What staff see of polls: the list of recent polls and one poll with its results."""

from __future__ import annotations

from datetime import datetime

from aiogram import html
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import Catalog
from bot.i18n import format_datetime, format_number
from bot.polls.render import results_block
from bot.settings import Settings
from handlers.poll_admin.preview import audience_label
from keyboards.poll_admin import poll_keyboard, polls_list_keyboard
from models.base import utcnow
from models.poll import Poll, Visibility
from services import broadcasts, poll_results, polls

SHORT = 80


def _short(text: str) -> str:
    return html.quote(text if len(text) <= SHORT else text[: SHORT - 1] + "…")


def status(poll: Poll, language: str, settings: Settings, now: datetime) -> str:
    tz = settings.tz
    if now >= poll.closes_at:
        return _("closed {date}").format(date=format_datetime(poll.closes_at, language, tz))
    if poll.broadcast_id is None:
        return _("opens {date}").format(date=format_datetime(poll.opens_at, language, tz))
    return _("open until {date}").format(date=format_datetime(poll.closes_at, language, tz))


async def polls_list(
    session: AsyncSession, language: str, settings: Settings
) -> tuple[str, InlineKeyboardMarkup | None]:
    recent = await polls.recent(session)
    if not recent:
        return _("There are no polls yet. To create one, send /newpoll."), None
    now = utcnow()
    lines = [_("<b>🗳 Recent polls</b>")]
    for poll in recent:
        lines.append(
            f"№{poll.id} · {status(poll, language, settings, now)}\n"
            f"{_short(poll.question(language))}"
        )
    lines.append(_("Choose a poll to see its results. New poll: /newpoll"))
    return "\n\n".join(lines), polls_list_keyboard([poll.id for poll in recent])


async def poll_view(
    session: AsyncSession, poll_id: int, language: str, settings: Settings, catalog: Catalog
) -> tuple[str, InlineKeyboardMarkup] | None:
    view = await polls.view(session, poll_id)
    if view is None:
        return None
    poll, now = view.poll, utcnow()
    lines = [
        _("<b>🗳 Poll №{number}</b> · {status}").format(
            number=poll.id, status=status(poll, language, settings, now)
        ),
        html.quote(poll.question(language)),
        "",
        *(f"{o.position + 1}. {html.quote(o.text(language))}" for o in view.options),
        "",
        _("Audience: {audience}").format(
            audience=audience_label(poll.audience, poll.audience_code, catalog, language)
        ),
        _("Answers: several") if poll.multiple else _("Answers: one"),
        _("Results: right after answering")
        if poll.visibility == Visibility.ANSWERED
        else _("Results: only after the poll closes"),
    ]
    if poll.broadcast_id is not None:
        progress = await broadcasts.progress(session, poll.broadcast_id)
        if progress is not None:
            lines.append(
                _("Sent: {sent} of {total}").format(
                    sent=format_number(progress.sent, language),
                    total=format_number(progress.total, language),
                )
            )
    min_cell = settings.export_min_cell
    results = await poll_results.results(session, poll.id, len(view.options), min_cell)
    lines += ["", results_block(results, catalog, language, min_cell)]
    return "\n".join(lines), poll_keyboard(poll.id, can_close=now < poll.closes_at)
