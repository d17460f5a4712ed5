"""Buttons of ``/queue``: the needs of the page, pages, and the filters (status, category,
district, overdue only). Categories and districts travel as their place in the city's
catalog, so the button data stays short whatever the codes are."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.render import status_label
from keyboards.layout import paired_rows
from keyboards.paging import arrows
from models.need import Need, NeedStatus

STATUSES = (NeedStatus.NEW, NeedStatus.ACCEPTED, NeedStatus.IN_PROGRESS, NeedStatus.REOPENED)
ALL = -1


class QueueView(CallbackData, prefix="mq1q"):
    s: str = ""  # status ("" all open)
    c: int = ALL  # category: index in the catalog
    d: int = ALL  # district: index in the catalog
    o: bool = False  # overdue only
    p: int = 0


class QueuePick(CallbackData, prefix="mq1k"):
    field: str  # "s", "c" or "d"
    s: str = ""
    c: int = ALL
    d: int = ALL
    o: bool = False


class QueueOpen(CallbackData, prefix="mq1o"):
    need_id: int


def queue_keyboard(view: QueueView, needs: Sequence[Need], pages: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for need in needs:
        builder.button(text=f"📄 {need.number}", callback_data=QueueOpen(need_id=need.id))
    builder.adjust(2)
    nav = arrows(view.p, pages, lambda page: view.model_copy(update={"p": page}))
    if nav:
        builder.row(*nav)
    filters = {"s": _("Status ▾"), "c": _("Category ▾"), "d": _("District ▾")}
    current = view.model_dump(exclude={"p"})
    builder.row(
        *(
            InlineKeyboardButton(
                text=label, callback_data=QueuePick(field=field, **current).pack()
            )
            for field, label in filters.items()
        )
    )
    overdue = _("⏰ Overdue only: on") if view.o else _("⏰ Overdue only: off")
    toggled = view.model_copy(update={"o": not view.o, "p": 0}).pack()
    builder.row(InlineKeyboardButton(text=overdue, callback_data=toggled))
    return builder.as_markup()


def pick_keyboard(pick: QueuePick, names: Sequence[str]) -> InlineKeyboardMarkup:
    """The values of one filter; ``names`` are the categories' or districts' names."""
    base = QueueView(s=pick.s, c=pick.c, d=pick.d, o=pick.o)
    if pick.field == "s":
        options = [("", _("All open"))] + [(str(s), status_label(s)) for s in STATUSES]
        views = [(label, base.model_copy(update={"s": value})) for value, label in options]
    else:
        labels = [_("All"), *names]
        views = [
            (label, base.model_copy(update={pick.field: index - 1}))
            for index, label in enumerate(labels)
        ]
    builder = InlineKeyboardBuilder()
    for label, view in views:
        builder.button(text=label, callback_data=view)
    builder.adjust(*paired_rows([label for label, _view in views]))
    return builder.as_markup()
