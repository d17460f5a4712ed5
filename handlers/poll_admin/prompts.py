"""The question of each step of the poll creation flow (``bot.flows.prompt_for``)."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.flows import prompt_for
from handlers.choosing import ask_to_choose
from handlers.poll_admin.preview import show_preview
from handlers.poll_admin.states import PollDraftFlow
from keyboards.poll_admin import (
    DraftCode,
    audience_keyboard,
    kind_keyboard,
    now_keyboard,
    visibility_keyboard,
)
from models.poll import MAX_OPTION, MAX_OPTIONS, MAX_QUESTION, MIN_OPTIONS, Audience

STEPS = 9


def _step(number: int) -> str:
    return _("Step {number} of {total}.").format(number=number, total=STEPS)


@prompt_for(PollDraftFlow.question_kk)
async def ask_question_kk(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _step(1)
        + " "
        + _("Send the question in Kazakh (up to {limit} characters).").format(limit=MAX_QUESTION)
    )


@prompt_for(PollDraftFlow.question_ru)
async def ask_question_ru(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(_step(2) + " " + _("Send the same question in Russian."))


@prompt_for(PollDraftFlow.options_kk)
async def ask_options_kk(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _step(3)
        + " "
        + _(
            "Send the answer options in Kazakh, one per line: from {least} to {most} options, "
            "each up to {limit} characters."
        ).format(least=MIN_OPTIONS, most=MAX_OPTIONS, limit=MAX_OPTION)
    )


@prompt_for(PollDraftFlow.options_ru)
async def ask_options_ru(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    count = len((await state.get_data()).get("options_kk", []))
    await message.answer(
        _step(4)
        + " "
        + _("Send the same {count} options in Russian, one per line, in the same order.").format(
            count=count
        )
    )


@prompt_for(PollDraftFlow.kind)
async def ask_kind(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _step(5) + " " + _("May residents choose one answer or several?"),
        reply_markup=kind_keyboard(),
    )


@prompt_for(PollDraftFlow.audience)
async def ask_audience(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _step(6) + " " + _("Who should receive the poll?"), reply_markup=audience_keyboard()
    )


@prompt_for(PollDraftFlow.audience_code)
async def ask_audience_code(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    if (await state.get_data()).get("audience") == Audience.TOPIC:
        question = _(
            "Which topic? The poll goes to residents who reported or supported a need of "
            "this category."
        )
        await ask_to_choose(message, data, question, "categories", DraftCode, columns=1)
    else:
        question = _("Which district? The poll goes to the residents of this district.")
        await ask_to_choose(message, data, question, "districts", DraftCode)


@prompt_for(PollDraftFlow.opens)
async def ask_opening(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _step(7)
        + " "
        + _(
            "When does the poll open? Send the date and time (UTC+5) as DD.MM.YYYY HH:MM, "
            "for example 05.12.2026 10:00, or press “Now”."
        ),
        reply_markup=now_keyboard(),
    )


@prompt_for(PollDraftFlow.closes)
async def ask_closing(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _step(8) + " " + _("When does the poll close? Send the date and time as DD.MM.YYYY HH:MM.")
    )


@prompt_for(PollDraftFlow.visibility)
async def ask_visibility(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _step(9) + " " + _("When may residents see the results?"),
        reply_markup=visibility_keyboard(),
    )


@prompt_for(PollDraftFlow.preview)
async def ask_decision(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await show_preview(message, state, data)
