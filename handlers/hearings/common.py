"""What the hearing handlers share: the reminders of this instance, where progress goes,
and the card as a resident or a moderator sees it."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.hearings import broadcasts as hearing_broadcasts
from bot.hearings.card import card_text
from keyboards.hearing_staff import staff_card_keyboard
from keyboards.hearings import card_keyboard
from models.base import utcnow
from models.hearing import Hearing
from scheduler.hearings import Reminders
from services import hearing_questions
from services.attendance import Card
from services.hearings import Announced, Progress


def reminders_of(data: dict[str, Any]) -> Reminders:
    return Reminders(
        data["scheduler"], data["sessionmaker"], data["broadcaster"], data["settings"]
    )


def progress_in(message: Message, data: dict[str, Any]) -> Progress:
    return Progress(message.chat.id, data["i18n"].current_locale)


async def after_change(announced: Announced, data: dict[str, Any]) -> None:
    """Start the broadcast that announces the change, and move the reminders."""
    hearing_broadcasts.forget(announced.hearing.id)
    if announced.broadcast_id is not None:
        data["broadcaster"].start(announced.broadcast_id)
    await reminders_of(data).sync(announced.hearing.id)


def resident_card(card: Card, data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    language = data["i18n"].current_locale
    settings = data["settings"]
    text = card_text(
        card.hearing,
        data["catalog"],
        language,
        settings.tz,
        registered=card.registered,
        min_cell=settings.export_min_cell,
    )
    markup = card_keyboard(
        card.hearing.id,
        is_open=card.is_open,
        registered=card.registered,
        takes_questions=card.takes_questions,
        polls=card.polls,
        language=language,
    )
    return text, markup


async def staff_card(hearing: Hearing, data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    language = data["i18n"].current_locale
    card = Card(hearing, registered=False)
    count = await hearing_questions.count(data["session"], hearing.id)
    lead = _("<b>Hearing #{number}</b>").format(number=hearing.id) + "\n"
    text = card_text(
        hearing, data["catalog"], language, data["settings"].tz, registered=False, lead=lead
    )
    markup = staff_card_keyboard(
        hearing.id,
        is_open=card.is_open,
        held=hearing.starts_at <= utcnow() and card.hearing.status == "published",
        questions=count,
    )
    return text, markup
