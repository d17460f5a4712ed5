"""The question of each step of the rating flow (``bot.flows.prompt_for``)."""

from __future__ import annotations

from functools import partial
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.flows import prompt_for
from handlers.choosing import ask_to_choose
from handlers.ratings.states import RateFlow
from keyboards.choices import scores_keyboard
from keyboards.ratings import RatePick, RateScore, skip_comment_keyboard


@prompt_for(RateFlow.service)
async def ask_service(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    question = _("⭐ <b>Which city service would you like to rate?</b>")
    pick = partial(RatePick, field="service")
    await ask_to_choose(message, data, question, "services", pick, columns=1)


@prompt_for(RateFlow.district)
async def ask_district(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    question = _("In which district do you use it?")
    await ask_to_choose(message, data, question, "districts", partial(RatePick, field="district"))


@prompt_for(RateFlow.score)
async def ask_score(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _("Your score, from 1 (very bad) to 5 (excellent):"),
        reply_markup=scores_keyboard(lambda score: RateScore(score=score)),
    )


@prompt_for(RateFlow.comment)
async def ask_comment(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _("Would you like to add a comment? Write it (up to 1,000 characters), or skip."),
        reply_markup=skip_comment_keyboard(),
    )
