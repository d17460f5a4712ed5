"""A poll's card for one resident: the text (with the results when they may see them) and
the answer buttons while it is open."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import Catalog
from bot.polls.render import card_text, results_block, results_visible
from bot.settings import Settings
from keyboards.polls import answer_keyboard
from models.base import utcnow
from services import poll_results
from services.poll_results import Results
from services.polls import PollView


async def card(
    session: AsyncSession,
    view: PollView,
    choices: frozenset[int],
    language: str,
    settings: Settings,
    catalog: Catalog,
    *,
    results: Results | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """``results``: counted already (``poll_answers.answer(..., min_cell=...)``), else they
    are counted here when the resident may see them."""
    now = utcnow()
    block = None
    if results_visible(view, bool(choices), now):
        min_cell = settings.export_min_cell
        if results is None:
            results = await poll_results.results(session, view.id, len(view.options), min_cell)
        block = results_block(results, catalog, language, min_cell)
    text = card_text(view, language, settings.tz, choices=choices, now=now, results=block)
    keyboard = answer_keyboard(view, language, choices) if view.is_open(now) else None
    return text, keyboard
