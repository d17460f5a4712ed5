"""The question of each step of the need flow. Registered with ``bot.flows.prompt_for``, so
/start and unexpected input ask the same question again; :func:`go_to` moves between steps."""

from __future__ import annotations

from functools import partial
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.flows import prompt_for, reprompt
from bot.render import (
    fit,
    need_fields,
    public_need,
)
from bot.settings import Settings
from handlers.choosing import ask_to_choose, catalog_and_language
from handlers.needs.states import NeedFlow
from keyboards import needs as kb
from keyboards.menu import cancel_keyboard
from services import my_needs
from services.needs import MAX_PHOTOS, OFFERED, distance_to
from services.voice import MAX_VOICE_SECONDS, Voice, minutes_seconds


async def go_to(message: Message, state: FSMContext, data: dict[str, Any], target: State) -> None:
    """Next step; after a change made from the confirmation card, straight back to it."""
    if (await state.get_data()).get("editing"):
        target = NeedFlow.confirm
    await state.set_state(target)
    await reprompt(message, state, data)


@prompt_for(NeedFlow.category)
async def ask_category(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    question = _("<b>Step 1 of 5.</b> What is the problem about? Choose a category.")
    pick = partial(kb.NeedPick, field="category")
    await ask_to_choose(message, data, question, "categories", pick, columns=1)


@prompt_for(NeedFlow.district)
async def ask_district(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    question = _("<b>Step 2 of 5.</b> In which district?")
    await ask_to_choose(
        message, data, question, "districts", partial(kb.NeedPick, field="district")
    )


@prompt_for(NeedFlow.place)
async def ask_place(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    private = message.chat.type == "private"
    text = (
        _(
            "<b>Step 3 of 5.</b> Where exactly? Type the address (street, house number or a "
            "landmark), or share the location with the button below."
        )
        if private
        else _(
            "<b>Step 3 of 5.</b> Where exactly? Type the address: street, house number or a "
            "landmark."
        )
    )
    await message.answer(text, reply_markup=kb.place_keyboard(private=private))


@prompt_for(NeedFlow.description)
async def ask_description(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(
        _(
            "<b>Step 4 of 5.</b> Describe the problem: what is wrong, since when, what should be "
            "done. From 10 to 2,000 characters."
        )
        + "\n"
        + _("🎤 You can also send a voice message instead, of up to {limit}.").format(
            limit=minutes_seconds(MAX_VOICE_SECONDS)
        ),
        reply_markup=cancel_keyboard(),
    )


@prompt_for(NeedFlow.photos)
async def ask_photos(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    added = len((await state.get_data()).get("photos", []))
    text = (
        _("Photos added: {added} of {limit}. Send more, or press “Done”.").format(
            added=added, limit=MAX_PHOTOS
        )
        if added
        else _("<b>Step 5 of 5.</b> Add up to 3 photos of the problem, or skip this step.")
    )
    await message.answer(text, reply_markup=kb.photos_keyboard(added))


@prompt_for(NeedFlow.confirm)
async def ask_confirmation(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    catalog, language = catalog_and_language(data)
    draft = await state.get_data()
    voice = Voice.from_draft(draft.get("voice"))
    if draft.get("editing"):  # back at the card: the next change goes on to the next step
        await state.update_data(editing=False)

    def card(description: list[str]) -> str:
        return (
            _("<b>Please check your need before sending it.</b>")
            + "\n\n"
            + need_fields(
                catalog,
                language,
                category=draft["category"],
                district=draft["district"],
                address=draft.get("address"),
                latitude=draft.get("latitude"),
                longitude=draft.get("longitude"),
                description=description[0],
                photos=len(draft.get("photos", [])),
                voice=voice.duration if voice else None,
            )
        )

    await message.answer(
        fit(card, [draft["description"]]), reply_markup=kb.confirm_keyboard(draft["key"])
    )


@prompt_for(NeedFlow.edit)
async def ask_what_to_edit(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(_("What would you like to change?"), reply_markup=kb.edit_keyboard())


@prompt_for(NeedFlow.duplicate)
async def offer_support(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    settings: Settings = data["settings"]
    language = data["i18n"].current_locale
    found = await my_needs.overview(data["session"], (await state.get_data())["duplicate_id"])
    if found is None or found.need.status not in OFFERED:  # gone meanwhile: nothing to support
        await state.update_data(duplicate_checked=True)
        await go_to(message, state, data, NeedFlow.confirm)
        return
    need = found.need
    draft = await state.get_data()
    distance = distance_to(need, draft.get("latitude"), draft.get("longitude"))
    card = public_need(
        need, distance=distance, catalog=data["catalog"], language=language, tz=settings.tz
    )
    await message.answer(
        _("A need like yours is already open:")
        + "\n"
        + card
        + "\n\n"
        + _(
            "You can support it instead of sending a new one: the akimat sees how many "
            "residents it matters to, and you will be told how it goes."
        ),
        reply_markup=kb.duplicate_keyboard(need.id, need.number),
    )
