"""Answering a poll with its buttons: one option, or ticking options and “Done”. The answer
is saved by the service, which checks again that the poll was sent to this resident and is
still open; the card is then updated in place."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from handlers.choosing import not_available
from handlers.polls.cards import card
from keyboards.polls import PollDone, PollToggle, PollVote, answer_keyboard, from_mask
from services import poll_answers
from services.poll_answers import Answer, Outcome

router = Router(name="polls.answering")
MAX_MASK = 1 << 10


@router.callback_query(PollVote.filter())
async def vote(query: CallbackQuery, callback_data: PollVote, **data: Any) -> None:
    result = await poll_answers.answer(
        data["session"],
        data["resident"].id,
        callback_data.poll,
        frozenset({callback_data.option}),
        multiple=False,
        min_cell=data["settings"].export_min_cell,
    )
    await _show(query, result, data)


@router.callback_query(PollDone.filter())
async def done(query: CallbackQuery, callback_data: PollDone, **data: Any) -> None:
    if callback_data.mask == 0:
        seen = await poll_answers.look(
            data["session"],
            data["resident"].id,
            callback_data.poll,
            min_cell=data["settings"].export_min_cell,
        )
        if seen.outcome == Outcome.SHOWN:
            data["callback_answer"].text = _("Tick at least one answer, then press “Done”.")
            return
        await _show(query, seen, data)
        return
    choices = from_mask(callback_data.mask, 10) if callback_data.mask < MAX_MASK else None
    result = await poll_answers.answer(
        data["session"],
        data["resident"].id,
        callback_data.poll,
        choices if choices is not None else frozenset({-1}),
        multiple=True,
        min_cell=data["settings"].export_min_cell,
    )
    await _show(query, result, data)


@router.callback_query(PollToggle.filter())
async def toggle(query: CallbackQuery, callback_data: PollToggle, **data: Any) -> None:
    """Tick or untick an option; nothing is saved until “Done”."""
    seen = await poll_answers.look(data["session"], data["resident"].id, callback_data.poll)
    if seen.outcome != Outcome.SHOWN or seen.view is None:
        await _show(query, seen, data)
        return
    view = seen.view
    ticked = from_mask(callback_data.mask, len(view.options))
    if (
        not view.poll.multiple
        or ticked is None
        or not 0 <= callback_data.option < len(view.options)
    ):
        data["callback_answer"].text = not_available()
        return
    message = query.message
    if isinstance(message, Message):
        language = data["i18n"].current_locale
        await message.edit_reply_markup(
            reply_markup=answer_keyboard(view, language, ticked ^ {callback_data.option})
        )


def _said(outcome: Outcome) -> str | None:
    return {
        Outcome.SAVED: _("Thank you! Your answer is saved."),
        Outcome.CHANGED: _("Your answer is changed."),
        Outcome.SHOWN: _("This is your answer already."),
        Outcome.CLOSED: _("Sorry, this poll has closed: answers are no longer accepted."),
        Outcome.NOT_SENT: _("This poll was not sent to you, so you cannot answer it."),
    }.get(outcome)


async def _show(query: CallbackQuery, result: Answer, data: dict[str, Any]) -> None:
    answer: CallbackAnswer = data["callback_answer"]
    answer.text = _said(result.outcome) or not_available()
    answer.show_alert = result.outcome in (Outcome.CLOSED, Outcome.NOT_SENT)
    message = query.message
    if (
        result.view is None
        or result.outcome == Outcome.INVALID
        or not isinstance(message, Message)
    ):
        return
    text, keyboard = await card(
        data["session"],
        result.view,
        result.choices,
        data["i18n"].current_locale,
        data["settings"],
        data["catalog"],
        results=result.results,
    )
    await message.edit_text(text, reply_markup=keyboard)
