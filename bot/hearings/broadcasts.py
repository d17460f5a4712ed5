"""What each broadcast about a hearing says, in the recipient's language (the runner enters
their locale): the announcement, a change, a cancellation, a reminder, the outcome."""

from __future__ import annotations

import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from aiogram import html
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcast.renderers import Recipient, Rendered, renderer
from bot.catalog import Catalog, load_catalog
from bot.hearings.card import card_text, details, title
from bot.i18n import format_datetime
from bot.render import fit
from bot.settings import Settings
from keyboards.hearings import open_button
from models.hearing import Hearing
from services import hearings


@dataclass
class _Place:
    catalog: Catalog | None = None
    tz: ZoneInfo | None = None
    min_cell: int | None = None  # the small-cell rule for residents' figures


_PLACE = _Place()


def configure(settings: Settings) -> None:
    """The city's catalog and time zone for the texts (``bot.app.build`` calls this)."""
    _PLACE.catalog = load_catalog(settings.city)
    _PLACE.tz = settings.tz
    _PLACE.min_cell = settings.export_min_cell
    _cache.clear()  # another database, perhaps (the tests build Kenes again and again)


# One broadcast renders the same hearing thousands of times: read it at most once a second
# (on SQLite each read is a transaction that queues with the deliveries' records). A change
# made here forgets it at once (``forget``, before its broadcast starts); a broadcast
# resumed on another instance reads it afresh, since that happens a lease later.
CACHE_SECONDS = 1.0
_cache: dict[int, tuple[float, Hearing]] = {}


def forget(hearing_id: int) -> None:
    _cache.pop(hearing_id, None)


async def _hearing(session: AsyncSession, subject_id: int | None) -> tuple[Hearing, str]:
    hearing_id = subject_id or 0
    cached = _cache.get(hearing_id)
    if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
        hearing: Hearing | None = cached[1]
    else:
        hearing = await hearings.get(session, hearing_id)
        if hearing is not None:
            _cache[hearing_id] = (time.monotonic(), hearing)
    if hearing is None or _PLACE.catalog is None:
        raise LookupError(f"hearing {subject_id} is gone, or the catalog is not configured")
    return hearing, get_i18n().current_locale


def _card(hearing: Hearing, language: str, lead: str) -> str:
    assert _PLACE.catalog is not None and _PLACE.tz is not None
    return card_text(
        hearing,
        _PLACE.catalog,
        language,
        _PLACE.tz,
        registered=False,
        lead=lead,
        min_cell=_PLACE.min_cell,
    )


@renderer("hearing")
async def announce(
    recipient: Recipient, subject_id: int | None, session: AsyncSession
) -> Rendered:
    hearing, language = await _hearing(session, subject_id)
    text = _card(hearing, language, _("📣 <b>A public hearing is announced</b>") + "\n\n")
    return text, open_button(hearing.id)


@renderer("hearing_changed")
async def changed(recipient: Recipient, subject_id: int | None, session: AsyncSession) -> Rendered:
    hearing, language = await _hearing(session, subject_id)
    text = _("✏️ <b>A hearing you registered for has changed.</b> This is how it is now:")
    return _card(hearing, language, text + "\n\n"), open_button(hearing.id)


@renderer("hearing_cancelled")
async def cancelled(
    recipient: Recipient, subject_id: int | None, session: AsyncSession
) -> Rendered:
    hearing, language = await _hearing(session, subject_id)
    assert _PLACE.tz is not None
    text = _("❌ <b>The public hearing “{title}” of {date} has been cancelled.</b>").format(
        title=title(hearing, language),
        date=format_datetime(hearing.starts_at, language, _PLACE.tz),
    )
    return text, None


@renderer("hearing_reminder")
async def remind(recipient: Recipient, subject_id: int | None, session: AsyncSession) -> Rendered:
    hearing, language = await _hearing(session, subject_id)
    assert _PLACE.catalog is not None and _PLACE.tz is not None
    lines = details(hearing, _PLACE.catalog, language, _PLACE.tz, min_cell=_PLACE.min_cell)
    text = _("⏰ <b>Reminder:</b> you registered for the public hearing “{title}”.").format(
        title=title(hearing, language)
    )
    return text + "\n\n" + "\n".join(lines), open_button(hearing.id)


@renderer("hearing_outcome")
async def outcome(recipient: Recipient, subject_id: int | None, session: AsyncSession) -> Rendered:
    hearing, language = await _hearing(session, subject_id)

    def render(texts: list[str]) -> str:
        name, result = texts
        header = _("📝 <b>Outcome of the public hearing “{title}”</b>").format(
            title=html.quote(name)
        )
        return header + "\n\n" + html.quote(result)

    return fit(render, [hearing.text("title", language), hearing.text("outcome", language)]), None
