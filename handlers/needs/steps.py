"""The first steps of the need flow: start, category, district, place, description."""

from __future__ import annotations

import uuid
from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from handlers.choosing import remember_choice
from handlers.needs.prompts import go_to
from handlers.needs.states import NeedFlow
from handlers.needs.texts import address_problem, description_problem, limit_reached
from keyboards.menu import REPORT_NEED, MenuButton, cancel_keyboard
from keyboards.needs import NeedPick
from services import needs
from services.needs import ADDRESS_LENGTH, DESCRIPTION_LENGTH, check_text

router = Router(name="needs.steps")
TYPED = F.text & ~F.text.startswith("/")  # a command is never an answer


@router.message(MenuButton(REPORT_NEED))
async def start(message: Message, state: FSMContext, **data: Any) -> None:
    settings = data["settings"]
    limit = settings.max_needs_per_day
    left = await needs.needs_left_today(
        data["session"], data["resident"], limit=limit, tz=settings.tz
    )
    if not left:
        await message.answer(limit_reached(limit))
        return
    await state.set_data({"key": uuid.uuid4().hex, "photos": []})
    await message.answer(
        _("📝 <b>A new need.</b> Five short steps; you can stop at any time with “Cancel”."),
        reply_markup=cancel_keyboard(),
    )
    await go_to(message, state, data, NeedFlow.category)


NEXT = {"category": NeedFlow.district, "district": NeedFlow.place}


@router.callback_query(NeedFlow.category, NeedPick.filter(F.field == "category"))
@router.callback_query(NeedFlow.district, NeedPick.filter(F.field == "district"))
async def picked(
    query: CallbackQuery, callback_data: NeedPick, state: FSMContext, **data: Any
) -> None:
    message = await remember_choice(query, state, data, callback_data.field, callback_data.code)
    if message is not None:
        await go_to(message, state, data, NEXT[callback_data.field])


@router.message(NeedFlow.place, F.location)
async def location_shared(message: Message, state: FSMContext, **data: Any) -> None:
    catalog: Catalog = data["catalog"]
    point = message.location
    assert point is not None  # the filter says so
    if not catalog.bbox.contains(point.latitude, point.longitude):
        city = catalog.city.name(data["i18n"].current_locale)
        await message.answer(
            _(
                "This point is outside the city ({city}): Kenes takes needs for this city only. "
                "Please share a point inside the city, or type the address."
            ).format(city=city)
        )
        return
    await state.update_data(address=None, latitude=point.latitude, longitude=point.longitude)
    await go_to(message, state, data, NeedFlow.description)


@router.message(NeedFlow.place, TYPED)
async def address_typed(message: Message, state: FSMContext, **data: Any) -> None:
    address = " ".join((message.text or "").split())
    problem = check_text(address, ADDRESS_LENGTH)
    if problem is not None:
        await message.answer(address_problem(problem))
        return
    await state.update_data(address=address, latitude=None, longitude=None)
    await go_to(message, state, data, NeedFlow.description)


@router.message(NeedFlow.description, TYPED)
@router.message(NeedFlow.voice_added, TYPED)  # words beside the voice message
async def description_typed(message: Message, state: FSMContext, **data: Any) -> None:
    description = (message.text or "").strip()
    problem = check_text(description, DESCRIPTION_LENGTH)
    if problem is not None:
        language = data["i18n"].current_locale
        await message.answer(description_problem(problem, len(description), language))
        return
    await state.update_data(description=description)
    await go_to(message, state, data, NeedFlow.photos)
