"""The handlers of the rating flow: each step checks its button again, the last one rates."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from bot.flows import reprompt
from bot.i18n import format_datetime, format_number
from handlers.buttons import take_buttons_away
from handlers.choosing import not_available, remember_choice
from handlers.prompts import show_main_menu
from handlers.ratings.states import RateFlow
from keyboards.menu import RATE_SERVICE, MenuButton, cancel_keyboard
from keyboards.ratings import RatePick, RateScore, SkipComment
from services import ratings
from services.needs import check_text
from services.ratings import MAX_COMMENT

router = Router(name="ratings.steps")


@router.message(MenuButton(RATE_SERVICE))
async def start(message: Message, state: FSMContext, **data: Any) -> None:
    await state.set_data({})
    await state.set_state(RateFlow.service)
    await message.answer(
        _("Your score helps the akimat see which services need work."),
        reply_markup=cancel_keyboard(),
    )
    await reprompt(message, state, data)


NEXT = {"service": RateFlow.district, "district": RateFlow.score}


@router.callback_query(RateFlow.service, RatePick.filter(F.field == "service"))
@router.callback_query(RateFlow.district, RatePick.filter(F.field == "district"))
async def picked(
    query: CallbackQuery, callback_data: RatePick, state: FSMContext, **data: Any
) -> None:
    message = await remember_choice(query, state, data, callback_data.field, callback_data.code)
    if message is not None:
        await state.set_state(NEXT[callback_data.field])
        await reprompt(message, state, data)


@router.callback_query(RateFlow.score, RateScore.filter())
async def score_chosen(
    query: CallbackQuery, callback_data: RateScore, state: FSMContext, **data: Any
) -> None:
    if not 1 <= callback_data.score <= 5:
        data["callback_answer"].text = not_available()
        return
    await state.update_data(score=callback_data.score)
    await state.set_state(RateFlow.comment)
    message = await take_buttons_away(query)
    if message is not None:
        await reprompt(message, state, data)


@router.message(RateFlow.comment, F.text & ~F.text.startswith("/"))
async def comment_typed(message: Message, state: FSMContext, **data: Any) -> None:
    comment = (message.text or "").strip()
    problem = check_text(comment, (1, MAX_COMMENT))
    if problem is not None:
        await message.answer(
            _(
                "A comment can be at most 1,000 characters long and must have words in it. "
                "Please write it again, or skip it."
            )
        )
        return
    await _rate(message, state, data, comment)


@router.callback_query(RateFlow.comment, SkipComment.filter())
async def comment_skipped(query: CallbackQuery, state: FSMContext, **data: Any) -> None:
    message = await take_buttons_away(query)
    if message is not None:
        await _rate(message, state, data, None)


async def _rate(
    message: Message, state: FSMContext, data: dict[str, Any], comment: str | None
) -> None:
    catalog: Catalog = data["catalog"]
    language = data["i18n"].current_locale
    draft = await state.get_data()
    result = await ratings.rate(
        data["session"], data["resident"].id, draft["service"], draft["district"],
        draft["score"], comment,
    )  # fmt: skip
    await state.clear()
    service, district = catalog.service(draft["service"]), catalog.district(draft["district"])
    text = _(
        "⭐ Thank you! “{service}”, {district}: the average score is now {average} "
        "(ratings: {count})."
    ).format(
        service=service.name(language) if service else draft["service"],
        district=district.name(language) if district else draft["district"],
        average=format_number(round(result.average, 1), language),
        count=format_number(result.count, language),
    )
    if result.replaced is not None:
        text += "\n" + _(
            "It replaces your earlier rating of {date}: one rating per service and district "
            "counts every 30 days."
        ).format(date=format_datetime(result.replaced, language, data["settings"].tz))
    await show_main_menu(message, text)
