"""Subscriptions to hearing announcements: the whole city, districts, topics; or none."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from keyboards.hearings import (
    SUB_VIEWS,
    SubscriptionToggle,
    SubscriptionView,
    choices_keyboard,
    subscriptions_keyboard,
)
from models.hearing import Scope
from services import attendance

router = Router(name="hearings.subscriptions")


async def _view(view: str, data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    catalog: Catalog = data["catalog"]
    language = data["i18n"].current_locale
    chosen = await attendance.subscriptions(data["session"], data["resident"].id)
    if view in ("district", "topic"):
        entries = catalog.districts if view == "district" else catalog.categories
        codes = {code for scope, code in chosen if scope == view}
        pairs = [(entry.code, entry.name(language)) for entry in entries]
        question = (
            _("Hearings in which districts should Kenes tell you about?")
            if view == "district"
            else _("Hearings on which topics should Kenes tell you about?")
        )
        text = question + "\n" + _("Press a button to switch it on or off.")
        return text, choices_keyboard(view, pairs, codes)
    names = {
        "district": {e.code: e.name(language) for e in catalog.districts},
        "topic": {e.code: e.name(language) for e in catalog.categories},
    }
    lines = [_("<b>🔔 Announcements of public hearings</b>")]
    if not chosen:
        lines.append(_("You are not subscribed: Kenes will not tell you of new hearings."))
    else:
        lines.append(_("Kenes tells you of new hearings:"))
        if (Scope.CITY, "") in chosen:
            lines.append("• " + _("all hearings in the city"))
        for scope in ("district", "topic"):
            lines += [
                "• " + names[scope][code]
                for s, code in sorted(chosen)
                if s == scope and code in names[scope]
            ]
    return "\n".join(lines), subscriptions_keyboard(city=(Scope.CITY, "") in chosen)


@router.callback_query(SubscriptionView.filter())
async def show(query: CallbackQuery, callback_data: SubscriptionView, **data: Any) -> None:
    if callback_data.view not in SUB_VIEWS or not isinstance(query.message, Message):
        data["callback_answer"].text = _("This button is no longer active.")
        return
    view = callback_data.view
    if view == "off":
        await attendance.unsubscribe_all(data["session"], data["resident"].id)
        data["callback_answer"].text = _("You have unsubscribed from all announcements.")
        view = "home"
    text, markup = await _view(view, data)
    await query.message.edit_text(text, reply_markup=markup)


@router.callback_query(SubscriptionToggle.filter())
async def toggle(query: CallbackQuery, callback_data: SubscriptionToggle, **data: Any) -> None:
    catalog: Catalog = data["catalog"]
    scope, code = callback_data.scope, callback_data.code
    valid = (
        (scope == Scope.CITY and code == "")
        or (scope == Scope.DISTRICT and catalog.district(code) is not None)
        or (scope == Scope.TOPIC and catalog.category(code) is not None)
    )
    if not valid or not isinstance(query.message, Message):
        data["callback_answer"].text = _(
            "This choice is not available. Please use the buttons below."
        )
        return
    on = await attendance.toggle(data["session"], data["resident"].id, Scope(scope), code)
    data["callback_answer"].text = _("Subscribed.") if on else _("Unsubscribed.")
    text, markup = await _view("home" if scope == Scope.CITY else scope, data)
    await query.message.edit_text(text, reply_markup=markup)
