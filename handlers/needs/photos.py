"""Step 5 of the need flow: up to three photos, then the check for a similar open need."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.flows import reprompt
from bot.storage import append_to_draft
from handlers.buttons import take_buttons_away
from handlers.needs.prompts import go_to
from handlers.needs.states import NeedFlow, draft_of
from handlers.needs.texts import not_a_photo, photo_too_large
from keyboards.needs import NeedStep, photos_keyboard
from services import needs
from services.needs import MAX_PHOTO_BYTES, MAX_PHOTOS

router = Router(name="needs.photos")


@router.message(NeedFlow.photos, F.photo)
async def photo_added(message: Message, state: FSMContext, **data: Any) -> None:
    photos: list[str] = (await state.get_data()).get("photos", [])
    largest = (message.photo or [])[-1]
    if (largest.file_size or 0) > MAX_PHOTO_BYTES:
        language = data["i18n"].current_locale
        await message.answer(
            photo_too_large(largest.file_size or 0, language),
            reply_markup=photos_keyboard(len(photos)),
        )
        return
    # Atomic: the photos of an album arrive together, perhaps at two instances at once.
    photos, added = await append_to_draft(state, "photos", largest.file_id, limit=MAX_PHOTOS)
    if not added:
        await message.answer(
            _(
                "A need can have at most {limit} photos, so this one was not added. "
                "Press “Done” to go on."
            ).format(limit=MAX_PHOTOS),
            reply_markup=photos_keyboard(len(photos)),
        )
        return
    await reprompt(message, state, data)


@router.message(NeedFlow.photos)
async def something_else(message: Message, state: FSMContext) -> None:
    added = len((await state.get_data()).get("photos", []))
    await message.answer(not_a_photo(), reply_markup=photos_keyboard(added))


@router.callback_query(NeedFlow.photos, NeedStep.filter(F.action == "photos_done"))
async def photos_done(query: CallbackQuery, state: FSMContext, **data: Any) -> None:
    message = await take_buttons_away(query)
    if message is None:
        return
    draft = await state.get_data()
    if not draft.get("duplicate_checked"):
        await state.update_data(duplicate_checked=True)
        settings = data["settings"]
        similar = await needs.find_duplicate(
            data["session"],
            data["resident"],
            draft_of(draft),
            limit=settings.max_duplicate_lookups_per_day,
            tz=settings.tz,
        )
        if similar is not None:
            await state.update_data(duplicate_id=similar.id)
            await state.set_state(NeedFlow.duplicate)
            await reprompt(message, state, data)
            return
    await go_to(message, state, data, NeedFlow.confirm)
