"""The last steps of the hearing flow: the preview (both languages and the details) and the
choice of a field to change; :func:`fields_of` turns the draft into the service's fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import html
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.flows import prompt_for
from bot.hearings.card import details
from bot.render import fit
from handlers.choosing import catalog_and_language
from handlers.hearings.states import FIELDS, HearingFlow
from keyboards import hearing_staff as kb
from models.hearing import Hearing
from services.hearings import HearingFields


def fields_of(draft: dict[str, Any]) -> HearingFields:
    until = draft.get("questions_until")
    return HearingFields(
        title_kk=draft["title_kk"],
        title_ru=draft["title_ru"],
        description_kk=draft["description_kk"],
        description_ru=draft["description_ru"],
        starts_at=datetime.fromisoformat(draft["starts_at"]),
        address=draft.get("address"),
        link=draft.get("link"),
        district=draft.get("district"),
        topic=draft["topic"],
        seats=draft.get("seats"),
        questions_until=datetime.fromisoformat(until) if until else None,
    )


@prompt_for(HearingFlow.preview)
async def show_preview(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    catalog, language = catalog_and_language(data)
    draft = await state.get_data()
    await state.update_data(back=False)
    hearing = Hearing(**vars(fields_of(draft)) | {"seats_taken": draft.get("seats_taken", 0)})
    lines = "\n".join(details(hearing, catalog, language, data["settings"].tz))
    header = _("<b>Please check the hearing.</b>")

    def render(texts: list[str]) -> str:
        title_kk, description_kk, title_ru, description_ru = map(html.quote, texts)
        return "\n\n".join(
            [
                header,
                f"🇰🇿 <b>{title_kk}</b>\n{description_kk}",
                f"🇷🇺 <b>{title_ru}</b>\n{description_ru}",
                lines,
            ]
        )

    typed = [draft[f] for f in ("title_kk", "description_kk", "title_ru", "description_ru")]
    await message.answer(
        fit(render, typed), reply_markup=kb.preview_keyboard(editing="editing_id" in draft)
    )


@prompt_for(HearingFlow.field)
async def ask_field(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    labels = {
        "title_kk": _("Title (kk)"),
        "title_ru": _("Title (ru)"),
        "description_kk": _("Description (kk)"),
        "description_ru": _("Description (ru)"),
        "starts_at": _("Date and time"),
        "address": _("Address"),
        "link": _("Link"),
        "district": _("District"),
        "topic": _("Topic"),
        "seats": _("Seats"),
        "questions_until": _("Questions until"),
    }
    await message.answer(
        _("What would you like to change?"),
        reply_markup=kb.fields_keyboard([(field, labels[field]) for field in FIELDS]),
    )
