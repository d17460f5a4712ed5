"""The need flow by voice: at step 4 a voice message of up to two minutes instead of the
description, or beside it (a text may follow it, or come as its caption); at step 5 (photos)
and on the confirmation card a voice message joins the text typed before it, and the resident
stays where they were. One voice message per need: a second one replaces the first, and the
resident is told so."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.flows import prompt_for, reprompt
from handlers.buttons import take_buttons_away
from handlers.needs.prompts import go_to
from handlers.needs.states import NeedFlow
from handlers.needs.texts import description_problem
from handlers.voice import SPOKEN, taken_voice, voice_problem
from keyboards.needs import NeedStep, photos_keyboard, voice_keyboard
from services.needs import DESCRIPTION_LENGTH, check_text
from services.voice import Voice, VoiceProblem, minutes_seconds

router = Router(name="needs.voice")
DESCRIBING = StateFilter(NeedFlow.description, NeedFlow.voice_added)
AFTER_DESCRIBING = StateFilter(NeedFlow.photos, NeedFlow.confirm)


@prompt_for(NeedFlow.voice_added)
async def ask_text_after_voice(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    voice = Voice.from_draft((await state.get_data()).get("voice"))
    await message.answer(
        _("🎤 Voice message received, {duration}.").format(
            duration=minutes_seconds(voice.duration if voice else 0)
        )
        + "\n"
        + _(
            "If you wish, add a few words in text as well (from 10 to 2,000 characters), or "
            "press “Next” to go on to the photos."
        ),
        reply_markup=voice_keyboard(),
    )


@router.message(DESCRIBING, SPOKEN)
async def spoken(message: Message, state: FSMContext, **data: Any) -> None:
    voice = taken_voice(message)
    if isinstance(voice, VoiceProblem):
        await message.answer(voice_problem(voice, message))
        return
    caption = (message.caption or "").strip()
    if caption:
        problem = check_text(caption, DESCRIPTION_LENGTH)
        if problem is not None:
            language = data["i18n"].current_locale
            await message.answer(description_problem(problem, len(caption), language))
            return
    draft = await state.get_data()
    description = caption or draft.get("description", "")
    await state.update_data(voice=voice.to_draft(), description=description)
    if description:  # the text is there already: on to the photos (or back to the card)
        await go_to(message, state, data, NeedFlow.photos)
    else:
        await go_to(message, state, data, NeedFlow.voice_added)


@router.callback_query(NeedFlow.voice_added, NeedStep.filter(F.action == "voice_done"))
async def voice_done(query: CallbackQuery, state: FSMContext, **data: Any) -> None:
    message = await take_buttons_away(query)
    if message is not None:
        await go_to(message, state, data, NeedFlow.photos)


@router.message(AFTER_DESCRIBING, SPOKEN)
async def spoken_later(message: Message, state: FSMContext, **data: Any) -> None:
    """Text typed first, the voice message sent at the photos or on the card: attached (a
    caption is not taken as the description here), the resident stays at the same step."""
    draft = await state.get_data()
    at_photos = await state.get_state() == NeedFlow.photos.state
    keyboard = photos_keyboard(len(draft.get("photos", []))) if at_photos else None
    voice = taken_voice(message)
    if isinstance(voice, VoiceProblem):
        await message.answer(voice_problem(voice, message), reply_markup=keyboard)
        return
    replaced = draft.get("voice") is not None
    await state.update_data(voice=voice.to_draft())
    duration = minutes_seconds(voice.duration)
    said = (
        _("🎤 The new voice message replaces the earlier one. Its length: {duration}.")
        if replaced
        else _("🎤 The voice message has been added to your need. Its length: {duration}.")
    ).format(duration=duration)
    if at_photos:
        said += "\n" + _("Send photos if you wish, or press the button below to go on.")
        await message.answer(said, reply_markup=keyboard)
    else:  # on the card: the card again, now with the voice message
        await message.answer(said)
        await reprompt(message, state, data)
