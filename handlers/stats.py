"""/stats and “📊 City statistics”: the last 30 days, city-wide and for the resident's
district (of their latest need, or the one they choose), counted in SQL."""

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
from bot.render import status_label
from handlers.choosing import not_available
from handlers.gates import require_resident
from keyboards.choices import entries_keyboard
from keyboards.menu import STATS, MenuButton
from models.resident import Resident
from services import stats
from services.stats import Figures

router = require_resident(Router(name="stats"), allow_blocked=True)


class StatsDistrict(CallbackData, prefix="st1"):
    code: str


def _name(entry: Entry | None, code: str, language: str) -> str:
    return entry.name(language) if entry else code


def _needs(count: int, language: str) -> str:
    return _("{count} need", "{count} needs", count).format(count=format_number(count, language))


def _section(title: str, figures: Figures, catalog: Catalog, language: str) -> str:
    lines = [f"<b>{title}</b>"]
    if not figures.total:
        lines.append(_("No needs were sent."))
    else:
        lines.append(_("Total: {count}").format(count=_needs(figures.total, language)))
        lines.append(_("<i>By category:</i>"))
        lines += [
            f"• {_name(catalog.category(code), code, language)}: {_needs(count, language)}"
            for code, count in figures.by_category
        ]
        lines.append(_("<i>By status:</i>"))
        lines += [
            f"• {status_label(code)}: {_needs(count, language)}"
            for code, count in figures.by_status
        ]
    lines.append(_("<i>Service ratings:</i>"))
    if not figures.ratings:
        lines.append(_("No ratings yet."))
    for code, average, count in figures.ratings:
        ratings = _("{count} rating", "{count} ratings", count).format(
            count=format_number(count, language)
        )
        name = _name(catalog.service(code), code, language)
        lines.append(f"• {name}: {format_number(round(average, 1), language)} ({ratings})")
    return "\n".join(lines)


async def _answer(
    message: Message, session: AsyncSession, catalog: Catalog, language: str, district: str | None
) -> None:
    parts = [
        _("📊 <b>The last 30 days</b>"),
        _section(catalog.city.name(language), await stats.figures(session), catalog, language),
    ]
    entry = catalog.district(district)
    if entry is not None:
        figures = await stats.figures(session, entry.code)
        parts.append(_section(entry.name(language), figures, catalog, language))
    parts.append(_("Choose a district to see its figures:"))
    await message.answer(
        "\n\n".join(parts),
        reply_markup=entries_keyboard(catalog.districts, language, StatsDistrict),
    )


@router.message(Command("stats"))
@router.message(MenuButton(STATS))
async def show_stats(
    message: Message, session: AsyncSession, resident: Resident, catalog: Catalog, i18n: I18n
) -> None:
    district = await stats.home_district(session, resident.id)
    await _answer(message, session, catalog, i18n.current_locale, district)


@router.callback_query(StatsDistrict.filter())
async def district_chosen(
    query: CallbackQuery,
    callback_data: StatsDistrict,
    session: AsyncSession,
    catalog: Catalog,
    i18n: I18n,
    callback_answer: CallbackAnswer,
) -> None:
    if catalog.district(callback_data.code) is None or not isinstance(query.message, Message):
        callback_answer.text = not_available()
        return
    await _answer(query.message, session, catalog, i18n.current_locale, callback_data.code)
