"""The typed steps of the creation flow: the question and the options in each language, the
opening and closing moments. A refused answer says why, and the step is asked again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.flows import reprompt
from bot.hearings.card import title
from bot.i18n import format_datetime
from bot.settings import Settings
from handlers.poll_admin.states import PollDraftFlow
from keyboards.menu import cancel_keyboard
from models.base import utcnow
from models.hearing import Hearing
from models.poll import MAX_OPTION, MAX_OPTIONS, MAX_QUESTION, MIN_OPTIONS
from services.poll_drafts import (
    Problem,
    check_closing,
    check_opening,
    check_question,
    parse_moment,
    split_options,
)

router = Router(name="poll_admin.steps")
TYPED = F.text & ~F.text.startswith("/")


async def begin(
    message: Message, state: FSMContext, data: dict[str, Any], *, hearing: Hearing | None
) -> None:
    """The flow's first step; with ``hearing``, the poll will be linked to it."""
    await state.set_data({"hearing_id": hearing.id} if hearing is not None else {})
    await state.set_state(PollDraftFlow.question_kk)
    if hearing is None:
        intro = _("🗳 <b>New poll.</b> Nine short steps; to stop at any moment, send /cancel.")
    else:
        intro = _(
            "🗳 <b>New poll for the hearing “{title}”.</b> Nine short steps; to stop at any "
            "moment, send /cancel."
        ).format(title=title(hearing, data["i18n"].current_locale))
    await message.answer(intro, reply_markup=cancel_keyboard())
    await reprompt(message, state, data)


@router.message(Command("newpoll"))
async def start(message: Message, state: FSMContext, **data: Any) -> None:
    await begin(message, state, data, hearing=None)


async def _next(message: Message, state: FSMContext, data: dict[str, Any], step: Any) -> None:
    await state.set_state(step)
    await reprompt(message, state, data)


@router.message(PollDraftFlow.question_kk, TYPED)
@router.message(PollDraftFlow.question_ru, TYPED)
async def question(message: Message, state: FSMContext, **data: Any) -> None:
    text = (message.text or "").strip()
    problem = check_question(text)
    if problem is not None:
        await message.answer(
            _(
                "The question must be at most {limit} characters long; this one has {count}."
            ).format(limit=MAX_QUESTION, count=len(text))
            if problem == Problem.TOO_LONG
            else _("The question must have words in it. Please send it again.")
        )
        return
    in_kazakh = await state.get_state() == PollDraftFlow.question_kk.state
    await state.update_data({"question_kk" if in_kazakh else "question_ru": text})
    await _next(
        message, state, data, PollDraftFlow.question_ru if in_kazakh else PollDraftFlow.options_kk
    )


@router.message(PollDraftFlow.options_kk, TYPED)
@router.message(PollDraftFlow.options_ru, TYPED)
async def options(message: Message, state: FSMContext, **data: Any) -> None:
    in_kazakh = await state.get_state() == PollDraftFlow.options_kk.state
    expected = None if in_kazakh else len((await state.get_data()).get("options_kk", []))
    check = split_options(message.text or "", expected=expected)
    if check.problem is not None:
        await message.answer(_options_problem(check.problem, check, expected))
        return
    await state.update_data({"options_kk" if in_kazakh else "options_ru": check.options})
    await _next(
        message, state, data, PollDraftFlow.options_ru if in_kazakh else PollDraftFlow.kind
    )


def _options_problem(problem: Problem, check: Any, expected: int | None) -> str:
    if problem == Problem.TOO_LONG:
        return _(
            "Option {number} is {length} characters long; an option may have at most {limit}. "
            "Shorten it and send all the options again, one per line."
        ).format(number=check.line, length=check.length, limit=MAX_OPTION)
    if problem == Problem.NOT_MATCHING:
        return _(
            "There are {expected} options in Kazakh, so send exactly {expected} in Russian, "
            "one per line, in the same order. This message has {count}."
        ).format(expected=expected, count=len(check.options))
    if problem == Problem.REPEATED:
        return _("Two options are the same. Every option must differ; send them again.")
    return _(
        "A poll needs from {least} to {most} options, one per line; this message has "
        "{count}. Please send them again."
    ).format(least=MIN_OPTIONS, most=MAX_OPTIONS, count=len(check.options))


def _moment(message: Message, settings: Settings) -> datetime | None:
    return parse_moment(message.text or "", settings.tz)


def _unreadable() -> str:
    return _(
        "This is not a date and time I can read. Send it as DD.MM.YYYY HH:MM, for example "
        "05.12.2026 10:00."
    )


@router.message(PollDraftFlow.opens, TYPED)
async def opening(message: Message, state: FSMContext, settings: Settings, **data: Any) -> None:
    moment = _moment(message, settings)
    if moment is None:
        await message.answer(_unreadable())
        return
    if check_opening(moment, utcnow()) is not None:
        await message.answer(
            _("This moment has already passed. Send a later date and time, or press “Now”.")
        )
        return
    await state.update_data(opens_at=moment.isoformat())
    await _next(message, state, data | {"settings": settings}, PollDraftFlow.closes)


@router.message(PollDraftFlow.closes, TYPED)
async def closing(message: Message, state: FSMContext, settings: Settings, **data: Any) -> None:
    moment = _moment(message, settings)
    if moment is None:
        await message.answer(_unreadable())
        return
    now = utcnow()
    opens_at = (await state.get_data()).get("opens_at")
    opening_moment = datetime.fromisoformat(opens_at) if opens_at else now
    problem = check_closing(moment, opening_moment, now)
    if problem == Problem.BEFORE_OPENING:
        await message.answer(
            _("The poll must close after it opens ({date}). Send a later date and time.").format(
                date=format_datetime(opening_moment, data["i18n"].current_locale, settings.tz)
            )
        )
        return
    if problem is not None:
        await message.answer(_("This moment has already passed. Send a later date and time."))
        return
    await state.update_data(closes_at=moment.isoformat())
    await _next(message, state, data | {"settings": settings}, PollDraftFlow.visibility)
