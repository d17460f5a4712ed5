"""“Ask a question” on a hearing card: up to 1,000 characters, or a voice message of up to
two minutes (the same rules as a need's description), passed to moderation."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.flows import prompt_for, reprompt
from bot.hearings.card import title
from bot.i18n import format_number
from handlers.hearings.states import AskFlow
from handlers.prompts import show_main_menu
from handlers.voice import SPOKEN, taken_voice, voice_problem
from keyboards.hearings import HearingAct
from keyboards.menu import cancel_keyboard
from services import attendance, hearings
from services.attendance import MAX_QUESTION, Asked
from services.needs import TextProblem, check_text
from services.voice import MAX_VOICE_SECONDS, Voice, VoiceProblem, minutes_seconds

router = Router(name="hearings.questions")


def too_many(limit: int, language: str) -> str:
    return _(
        "You have asked {count} question about this hearing, as many as one resident may.",
        "You have asked {count} questions about this hearing, as many as one resident may.",
        limit,
    ).format(count=format_number(limit, language))


@prompt_for(AskFlow.text)
async def ask_question(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    hearing = await hearings.get(data["session"], (await state.get_data())["hearing_id"])
    name = title(hearing, data["i18n"].current_locale) if hearing else "—"
    await message.answer(
        _("Write your question for the hearing “{title}” (up to 1,000 characters). "
          "Moderators read every question before the hearing.").format(title=name)
        + "\n"
        + _("🎤 You can also ask it in a voice message of up to {limit}.").format(
            limit=minutes_seconds(MAX_VOICE_SECONDS)
        ),
        reply_markup=cancel_keyboard(),
    )  # fmt: skip


@router.callback_query(HearingAct.filter(F.action == "ask"))
async def start(
    query: CallbackQuery, callback_data: HearingAct, state: FSMContext, **data: Any
) -> None:
    card = await attendance.card(data["session"], callback_data.hearing_id, data["resident"].id)
    if card is None or not card.takes_questions or not isinstance(query.message, Message):
        data["callback_answer"].text = _("This hearing no longer takes questions.")
        return
    limit = data["settings"].max_questions_per_hearing
    asked = await attendance.questions_asked(data["session"], card.hearing.id, data["resident"].id)
    if asked >= limit:
        await query.message.answer(too_many(limit, data["i18n"].current_locale))
        return
    await state.set_state(AskFlow.text)
    await state.set_data({"hearing_id": card.hearing.id})
    await reprompt(query.message, state, data)


@router.message(AskFlow.text, SPOKEN)
async def spoken(message: Message, state: FSMContext, **data: Any) -> None:
    """A voice message (its caption, if any, read like a typed question)."""
    voice = taken_voice(message)
    if isinstance(voice, VoiceProblem):
        await message.answer(voice_problem(voice, message))
        return
    await typed(message, state, voice=voice, **data)


@router.message(AskFlow.text, F.text & ~F.text.startswith("/"))
async def typed(
    message: Message, state: FSMContext, voice: Voice | None = None, **data: Any
) -> None:
    text = (message.text or message.caption or "").strip()
    # a voice message needs no words beside it
    problem = None if voice is not None and not text else check_text(text, (1, MAX_QUESTION))
    language = data["i18n"].current_locale
    if problem == TextProblem.TOO_LONG:
        await message.answer(
            _(
                "Your question is {count} character long; at most {limit} are accepted. "
                "Please shorten it and send it again.",
                "Your question is {count} characters long; at most {limit} are accepted. "
                "Please shorten it and send it again.",
                len(text),
            ).format(
                count=format_number(len(text), language),
                limit=format_number(MAX_QUESTION, language),
            )
        )
        return
    if problem is not None:
        await message.answer(_("Please write your question in words."))
        return
    hearing_id = (await state.get_data())["hearing_id"]
    await state.clear()
    limit = data["settings"].max_questions_per_hearing
    asked = await attendance.ask(
        data["session"], hearing_id, data["resident"].id, text, language, limit=limit, voice=voice
    )
    if asked == Asked.CLOSED:
        await show_main_menu(message, _("This hearing no longer takes questions."))
        return
    if asked == Asked.LIMIT:
        await show_main_menu(message, too_many(limit, language))
        return
    await show_main_menu(
        message,
        _("✅ Thank you! Your question has been passed to the moderators of the hearing."),
    )
