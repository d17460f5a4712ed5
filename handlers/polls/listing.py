"""``/polls`` and “🗳 Polls”: the polls sent to the resident that are open (and those closed
in the last 30 days, with their results), each opened by its number; and the resident's
district for polls by district."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router, html
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from bot.i18n import format_datetime
from bot.settings import Settings
from handlers.choosing import not_available
from handlers.polls.cards import card
from keyboards.choices import entries_keyboard
from keyboards.menu import POLLS, MenuButton
from keyboards.polls import PollDistrictAsk, PollDistrictPick, PollOpen, polls_keyboard
from models.base import utcnow
from services import poll_answers
from services.poll_answers import Outcome

router = Router(name="polls.listing")
SHOWN_OPEN = 10
SHOWN_CLOSED = 5
SHORT = 80


def _short(text: str) -> str:
    return html.quote(text if len(text) <= SHORT else text[: SHORT - 1] + "…")


async def _district_line(data: dict[str, Any]) -> str:
    catalog: Catalog = data["catalog"]
    code, chosen = await poll_answers.district_of(data["session"], data["resident"].id)
    entry = catalog.district(code)
    if entry is None:
        return _("📍 Your district for polls is not known yet: choose it below.")
    name = entry.name(data["i18n"].current_locale)
    if chosen:
        return _("📍 Your district for polls: {name}.").format(name=name)
    return _("📍 Your district for polls: {name} (from your latest request).").format(name=name)


async def _listing(data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    language = data["i18n"].current_locale
    tz = data["settings"].tz
    mine = await poll_answers.of_resident(data["session"], data["resident"].id)
    now = utcnow()
    opened = [p for p in mine if p.poll.closes_at > now][:SHOWN_OPEN]
    closed = [p for p in mine if p.poll.closes_at <= now][:SHOWN_CLOSED]
    lines = [_("🗳 <b>Polls of the akimat</b>")]
    if opened:
        lines += ["", _("<b>Open now:</b>")]
    for number, item in enumerate(opened, start=1):
        until = format_datetime(item.poll.closes_at, language, tz)
        mark = " ✅" if item.answered else ""
        lines.append(
            _("{number}. {question} (until {date})").format(
                number=number, question=_short(item.poll.question(language)), date=until
            )
            + mark
        )
    if closed:
        lines += ["", _("<b>Closed recently</b> (see the results):")]
    for number, item in enumerate(closed, start=len(opened) + 1):
        lines.append(f"{number}. {_short(item.poll.question(language))}")
    if not opened and not closed:
        lines += [
            "",
            _(
                "There are no polls for you right now. When the akimat asks residents "
                "something, the poll comes here."
            ),
        ]
    else:
        lines += ["", _("Press a poll's number to open it.")]
    lines += ["", await _district_line(data)]
    return "\n".join(lines), polls_keyboard([item.poll.id for item in opened + closed])


@router.message(Command("polls"))
@router.message(MenuButton(POLLS))
async def show_polls(message: Message, **data: Any) -> None:
    text, keyboard = await _listing(data)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(PollOpen.filter())
async def open_poll(query: CallbackQuery, callback_data: PollOpen, **data: Any) -> None:
    settings: Settings = data["settings"]
    seen = await poll_answers.look(
        data["session"],
        data["resident"].id,
        callback_data.poll,
        min_cell=settings.export_min_cell,  # the results in the same transaction
    )
    if (
        seen.view is None
        or seen.outcome == Outcome.NOT_SENT
        or not isinstance(query.message, Message)
    ):
        data["callback_answer"].text = _("This poll was not sent to you, so you cannot answer it.")
        data["callback_answer"].show_alert = True
        return
    language = data["i18n"].current_locale
    text, keyboard = await card(
        data["session"],
        seen.view,
        seen.choices,
        language,
        settings,
        data["catalog"],
        results=seen.results,
    )
    await query.message.answer(text, reply_markup=keyboard)


@router.callback_query(PollDistrictAsk.filter())
async def ask_district(query: CallbackQuery, **data: Any) -> None:
    if not isinstance(query.message, Message):
        return
    catalog: Catalog = data["catalog"]
    await query.message.answer(
        _(
            "Which district do you live in? Polls about a district go to its residents, and "
            "results are counted by district."
        ),
        reply_markup=entries_keyboard(
            catalog.districts, data["i18n"].current_locale, PollDistrictPick
        ),
    )


@router.callback_query(PollDistrictPick.filter(F.code != ""))
async def district_chosen(
    query: CallbackQuery, callback_data: PollDistrictPick, **data: Any
) -> None:
    catalog: Catalog = data["catalog"]
    entry = catalog.district(callback_data.code)
    if entry is None:
        data["callback_answer"].text = not_available()
        return
    await poll_answers.choose_district(data["session"], data["resident"].id, entry.code)
    text = _("📍 Your district for polls: {name}.").format(
        name=entry.name(data["i18n"].current_locale)
    )
    data["callback_answer"].text = text
    if isinstance(query.message, Message):
        await query.message.edit_text(text)
