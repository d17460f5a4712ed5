"""What poll broadcasts say, in the recipient's language (the runner enters their locale):
the invitation with the answer buttons, and the final results to those who answered.

A broadcast renders one message per resident, so the poll and its final results are read
from the database once every few seconds (:data:`FRESH`), not once per resident."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcast.renderers import Recipient, Rendered, renderer
from bot.catalog import Catalog, load_catalog
from bot.polls.render import card_text, results_block
from bot.settings import Settings
from keyboards.polls import answer_keyboard
from models.base import utcnow
from services import poll_answers, poll_results, polls
from services.polls import PollView

T = TypeVar("T")


FRESH = 5.0  # seconds a poll read for a broadcast is reused


@dataclass
class _Place:
    catalog: Catalog | None = None
    tz: ZoneInfo | None = None
    min_cell: int = 3
    recent: dict[tuple[int, str], tuple[float, Any]] = field(default_factory=dict)


_PLACE = _Place()


async def _fresh(key: tuple[int, str], read: Callable[[], Awaitable[T]]) -> T:
    """``read()``, or what it returned less than :data:`FRESH` seconds ago."""
    now = time.monotonic()
    kept = _PLACE.recent.get(key)
    if kept is not None and now - kept[0] < FRESH:
        return cast(T, kept[1])
    value = await read()
    if len(_PLACE.recent) > 1000:
        _PLACE.recent.clear()
    _PLACE.recent[key] = (now, value)
    return value


def configure(settings: Settings) -> None:
    """The city's catalog, time zone and small-cell rule for the texts (``bot.app.build``
    calls this before any broadcast can resume)."""
    _PLACE.catalog = load_catalog(settings.city)
    _PLACE.tz = settings.tz
    _PLACE.min_cell = settings.export_min_cell
    _PLACE.recent.clear()  # another database, in tests: poll ids mean other polls


async def _poll(session: AsyncSession, subject_id: int | None) -> tuple[PollView, str]:
    poll_id = subject_id or 0
    view = await _fresh((poll_id, "view"), lambda: polls.view(session, poll_id))
    if view is None or _PLACE.tz is None:
        raise LookupError(f"poll {subject_id} is gone, or the polls are not configured")
    return view, get_i18n().current_locale


@renderer(polls.KIND)
async def invite(recipient: Recipient, subject_id: int | None, session: AsyncSession) -> Rendered:
    view, language = await _poll(session, subject_id)
    assert _PLACE.tz is not None
    now = utcnow()
    text = card_text(view, language, _PLACE.tz, choices=frozenset(), now=now, results=None)
    if view.is_closed(now):  # closed early while the invitations were going out
        return text, None
    return text, answer_keyboard(view, language, frozenset())


@renderer(polls.RESULTS_KIND)
async def final_results(
    recipient: Recipient, subject_id: int | None, session: AsyncSession
) -> Rendered:
    seen = await poll_answers.look(session, recipient.resident_id, subject_id or 0)
    view = seen.view  # read now: closed (the invitations' copy may be older)
    if view is None or _PLACE.tz is None or _PLACE.catalog is None:
        raise LookupError(f"poll {subject_id} is gone, or the polls are not configured")
    language = get_i18n().current_locale
    results = await _fresh(  # final: nobody can answer any more
        (view.id, "results"),
        lambda: poll_results.results(session, view.id, len(view.options), _PLACE.min_cell),
    )
    block = results_block(results, _PLACE.catalog, language, _PLACE.min_cell)
    text = card_text(view, language, _PLACE.tz, choices=seen.choices, now=utcnow(), results=block)
    return _("The poll you answered has closed. Thank you for taking part!") + "\n\n" + text, None
