"""/stats and “📊 City statistics”: the last 30 days, city-wide and for the resident's
district (of their latest need, or the one they choose), counted in SQL; figures of fewer
than ``KENES_EXPORT_MIN_CELL`` residents hidden (``services.stats``)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import Catalog, Entry
from bot.i18n import format_number
from bot.render import hidden_figure, status_label
from bot.settings import Settings
from handlers.choosing import not_available
from handlers.gates import require_resident
from keyboards.choices import entries_keyboard
from keyboards.menu import STATS, MenuButton
from models.resident import Resident
from services import stats
from services.stats import Figures, Line

router = require_resident(Router(name="stats"), allow_blocked=True)


class StatsDistrict(CallbackData, prefix="st1"):
    code: str


def _name(entry: Entry | None, code: str, language: str) -> str:
    return entry.name(language) if entry else code


def _needs(count: int, language: str) -> str:
    return _("{count} need", "{count} needs", count).format(count=format_number(count, language))


def _hidden(line: Line, min_cell: int, language: str) -> str:
    return hidden_figure(line.small, min_cell, language)


def _count(line: Line, min_cell: int, language: str) -> str:
    if line.count is None:
        return _hidden(line, min_cell, language)
    return _needs(line.count, language)


def _rating(line: Line, min_cell: int, language: str) -> str:
    if line.count is None or line.mean is None:
        return _hidden(line, min_cell, language)
    ratings = _("{count} rating", "{count} ratings", line.count).format(
        count=format_number(line.count, language)
    )
    return f"{format_number(round(line.mean, 1), language)} ({ratings})"


def _section(title: str, figures: Figures, catalog: Catalog, language: str, min_cell: int) -> str:
    lines = [f"<b>{title}</b>"]
    if figures.total.count == 0:
        lines.append(_("No needs were sent."))
    else:
        lines.append(_("Total: {count}").format(count=_count(figures.total, min_cell, language)))
        lines.append(_("<i>By category:</i>"))
        lines += [
            f"• {_name(catalog.category(line.code), line.code, language)}: "
            + _count(line, min_cell, language)
            for line in figures.by_category
        ]
        lines.append(_("<i>By status:</i>"))
        lines += [
            f"• {status_label(line.code)}: {_count(line, min_cell, language)}"
            for line in figures.by_status
        ]
    lines.append(_("<i>Service ratings:</i>"))
    if not figures.ratings:
        lines.append(_("No ratings yet."))
    lines += [
        f"• {_name(catalog.service(line.code), line.code, language)}: "
        + _rating(line, min_cell, language)
        for line in figures.ratings
    ]
    return "\n".join(lines)


async def _answer(
    message: Message,
    session: AsyncSession,
    catalog: Catalog,
    settings: Settings,
    language: str,
    district: str | None,
) -> None:
    min_cell = settings.export_min_cell
    found = await stats.figures(session, min_cell=min_cell)
    shown = [found.city]
    parts = [
        _("📊 <b>The last 30 days</b>"),
        _section(catalog.city.name(language), found.city, catalog, language, min_cell),
    ]
    entry = catalog.district(district)
    if entry is not None:
        shown.append(found.of(entry.code))
        parts.append(_section(entry.name(language), shown[-1], catalog, language, min_cell))
    if any(figures.hides for figures in shown):
        parts.append(
            _(
                "A figure of fewer than {count} resident is not shown, and neither is one "
                "it could be worked out from.",
                "Figures of fewer than {count} residents are not shown, and neither are "
                "those they could be worked out from.",
                min_cell,
            ).format(count=format_number(min_cell, language))
        )
    parts.append(_("Choose a district to see its figures:"))
    await message.answer(
        "\n\n".join(parts),
        reply_markup=entries_keyboard(catalog.districts, language, StatsDistrict),
    )


@router.message(Command("stats"))
@router.message(MenuButton(STATS))
async def show_stats(
    message: Message,
    session: AsyncSession,
    resident: Resident,
    catalog: Catalog,
    settings: Settings,
    i18n: I18n,
) -> None:
    district = await stats.home_district(session, resident.id)
    await _answer(message, session, catalog, settings, i18n.current_locale, district)


@router.callback_query(StatsDistrict.filter())
async def district_chosen(
    query: CallbackQuery,
    callback_data: StatsDistrict,
    session: AsyncSession,
    catalog: Catalog,
    settings: Settings,
    i18n: I18n,
    callback_answer: CallbackAnswer,
) -> None:
    if catalog.district(callback_data.code) is None or not isinstance(query.message, Message):
        callback_answer.text = not_available()
        return
    language = i18n.current_locale
    await _answer(query.message, session, catalog, settings, language, callback_data.code)
