"""``/queue``: the open needs, most urgent first, with filters and pages; a need's button
posts its card here (kept up to date like every other copy)."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from bot.desk.card import age
from bot.render import status_label
from keyboards.queue import (
    ALL,
    STATUSES,
    QueueOpen,
    QueuePick,
    QueueView,
    pick_keyboard,
    queue_keyboard,
)
from services import queue
from services.queue import QueueFilter, is_overdue

router = Router(name="moderation.queue")


def _rules(view: QueueView, catalog: Catalog) -> tuple[QueueView, QueueFilter]:
    """The view with forged or outdated values reset, and the filter it stands for."""
    status = view.s if view.s in STATUSES else ""
    category = view.c if 0 <= view.c < len(catalog.categories) else ALL
    district = view.d if 0 <= view.d < len(catalog.districts) else ALL
    view = view.model_copy(update={"s": status, "c": category, "d": district})
    return view, QueueFilter(
        status=status or None,
        category=catalog.categories[category].code if category != ALL else None,
        district=catalog.districts[district].code if district != ALL else None,
        overdue=view.o,
    )


def _filters(view: QueueView, catalog: Catalog, language: str) -> str:
    every = _("all")
    return _(
        "Filters: status — {status}; category — {category}; district — {district}; "
        "overdue only — {overdue}."
    ).format(
        status=status_label(view.s) if view.s else every,
        category=catalog.categories[view.c].name(language) if view.c != ALL else every,
        district=catalog.districts[view.d].name(language) if view.d != ALL else every,
        overdue=_("yes") if view.o else _("no"),
    )


async def _render(view: QueueView, data: dict[str, Any]) -> tuple[str, Any]:
    catalog: Catalog = data["catalog"]
    language = data["i18n"].current_locale
    view, rules = _rules(view, catalog)
    found = await queue.page(data["session"], rules, view.p)
    view = view.model_copy(update={"p": found.page})
    lines = [
        _("<b>📋 Queue</b>: {total} open. Page {page} of {pages}.").format(
            total=found.total, page=found.page + 1, pages=found.pages
        ),
        _filters(view, catalog, language),
        "",
    ]
    if not found.needs:
        lines.append(_("No open needs match these filters."))
    for need in found.needs:
        category, district = catalog.category(need.category), catalog.district(need.district)
        line = " · ".join(
            [
                f"<b>{need.number}</b>",
                status_label(need.status),
                category.name(language) if category else need.category,
                district.name(language) if district else need.district,
                age(need.created_at, found.at, language),
            ]
        )
        lines.append(line + (" · " + _("⏰ <b>Overdue</b>") if is_overdue(need, found.at) else ""))
    return "\n".join(lines), queue_keyboard(view, found.needs, found.pages)


@router.message(Command("queue"))
async def show_queue(message: Message, **data: Any) -> None:
    text, keyboard = await _render(QueueView(), data)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(QueueView.filter())
async def turn(query: CallbackQuery, callback_data: QueueView, **data: Any) -> None:
    if isinstance(query.message, Message):
        text, keyboard = await _render(callback_data, data)
        await query.message.edit_text(text, reply_markup=keyboard)


@router.callback_query(QueuePick.filter())
async def pick(query: CallbackQuery, callback_data: QueuePick, **data: Any) -> None:
    catalog: Catalog = data["catalog"]
    language = data["i18n"].current_locale
    entries = {"c": catalog.categories, "d": catalog.districts}.get(callback_data.field, ())
    if not isinstance(query.message, Message) or callback_data.field not in {"s", "c", "d"}:
        data["callback_answer"].text = _("This button is no longer active.")
        return
    await query.message.edit_reply_markup(
        reply_markup=pick_keyboard(callback_data, [e.name(language) for e in entries])
    )


@router.callback_query(QueueOpen.filter())
async def open_card(query: CallbackQuery, callback_data: QueueOpen, **data: Any) -> None:
    if not isinstance(query.message, Message):
        return
    private = query.message.chat.type == "private"
    language = data["i18n"].current_locale if private else data["settings"].group_language
    if not await data["desk"].show(callback_data.need_id, query.message.chat.id, language):
        data["callback_answer"].text = _("This need no longer exists.")
