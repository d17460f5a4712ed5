"""The question of each step of the hearing flow (``bot.flows.prompt_for``), the preview,
and :func:`go_to`, which moves between steps."""

from __future__ import annotations

from functools import partial
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.flows import prompt_for, reprompt
from handlers.choosing import catalog_and_language
from handlers.hearings.states import FIELDS, STEP, HearingFlow
from keyboards import hearing_staff as kb
from keyboards.choices import entries_keyboard
from keyboards.menu import cancel_keyboard


async def go_to(message: Message, state: FSMContext, data: dict[str, Any], target: State) -> None:
    """The next step; after a change made from the preview, straight back to it."""
    if (await state.get_data()).get("back"):
        target = HearingFlow.preview
    await state.set_state(target)
    await reprompt(message, state, data)


def next_state(field: str) -> State:
    index = FIELDS.index(field)
    return (
        getattr(HearingFlow, FIELDS[index + 1]) if index + 1 < len(FIELDS) else HearingFlow.preview
    )


def _step(field: str) -> str:
    return _("<b>Step {step} of {steps}.</b>").format(step=STEP[field], steps=len(FIELDS))


def _questions() -> dict[str, str]:
    return {
        "title_kk": _("The title of the hearing in Kazakh (3 to 255 characters):"),
        "title_ru": _("The title of the hearing in Russian (3 to 255 characters):"),
        "description_kk": _("What the hearing is about, in Kazakh (10 to 2,000 characters):"),
        "description_ru": _("What the hearing is about, in Russian (10 to 2,000 characters):"),
        "starts_at": _(
            "Date and time of the hearing (UTC+5), as DD.MM.YYYY HH:MM, for example "
            "25.12.2026 15:00:"
        ),
        "seats": _("How many seats are there? Send a number, or press “No limit”."),
        "questions_until": _(
            "Until when may residents send questions? Date and time as DD.MM.YYYY HH:MM, "
            "or press “Until the start”."
        ),
    }


@prompt_for(
    HearingFlow.title_kk,
    HearingFlow.title_ru,
    HearingFlow.description_kk,
    HearingFlow.description_ru,
    HearingFlow.starts_at,
    HearingFlow.seats,
    HearingFlow.questions_until,
)
async def ask_typed(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    field = (await state.get_state() or "").rpartition(":")[2]
    markup: Any = cancel_keyboard()
    if field == "seats":
        markup = kb.skip_keyboard(_("♾ No limit"))
    elif field == "questions_until":
        markup = kb.skip_keyboard(_("⏭ Until the start"))
    await message.answer(_step(field) + " " + _questions()[field], reply_markup=markup)


@prompt_for(HearingFlow.address)
async def ask_address(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _step("address")
        + " "
        + _("Where does it take place? Type the address, or press “Online only”."),
        reply_markup=kb.skip_keyboard(_("🌐 Online only")),
    )


@prompt_for(HearingFlow.link)
async def ask_link(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _step("link") + " " + _("A link to watch or join online (https://…), or press “No link”."),
        reply_markup=kb.skip_keyboard(_("⏭ No link")),
    )


@prompt_for(HearingFlow.district)
async def ask_district(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    catalog, language = catalog_and_language(data)
    await message.answer(
        _step("district") + " " + _("Which district is it for?"),
        reply_markup=kb.districts_keyboard(catalog.districts, language),
    )


@prompt_for(HearingFlow.topic)
async def ask_topic(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    catalog, language = catalog_and_language(data)
    pick = partial(kb.DraftPick, field="topic")
    await message.answer(
        _step("topic") + " " + _("What is the topic?"),
        reply_markup=entries_keyboard(catalog.categories, language, pick, columns=1),
    )
