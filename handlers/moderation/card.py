"""The buttons of a need's card: In progress acts at once; the others ask what the action
needs (what the public may read, a reason, a place, a number, a department, a text) first."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from handlers.moderation import summary
from handlers.moderation.common import ask, change, prompt, still_as_seen
from handlers.moderation.presets import PLACES, REASONS
from handlers.moderation.states import Moderating, Step
from keyboards.moderation import (
    ACTIONS,
    OWN_TEXT,
    CardAction,
    choices_keyboard,
    department_options,
    template_options,
)
from models.moderation import Department, ReplyTemplate
from models.need import NeedStatus
from services import cards, library

router = Router(name="moderation.card")
AT_ONCE = {"wrk": NeedStatus.IN_PROGRESS}
TYPED = {"dup": Moderating.original, "blk": Moderating.block_reason}
LISTS = {
    "rej": (__("why is need {number} rejected? Choose a reason or write your own."), REASONS),
    "noc": (__("where should the author of need {number} turn? Choose or write."), PLACES),
}


@router.callback_query(CardAction.filter())
async def pressed(
    query: CallbackQuery, callback_data: CardAction, state: FSMContext, **data: Any
) -> None:
    answer: CallbackAnswer = data["callback_answer"]
    need_id, action, seen = callback_data.need_id, callback_data.action, callback_data.seen
    if action not in ACTIONS or not isinstance(query.message, Message):
        answer.text = _("This button is no longer active.")
        return
    if action in AT_ONCE:
        answer.text = await change(data, need_id, AT_ONCE[action], seen=seen)
        return
    problem = await still_as_seen(data, need_id, seen)
    if problem is not None:
        answer.text = problem
        return
    card = await cards.load(data["session"], need_id)
    assert card is not None
    number = card.need.number
    step: Step = {"need_id": need_id, "seen": seen, "action": action}
    if action in TYPED:
        await state.set_state(TYPED[action])
        await state.set_data(dict(step))
        question = {
            "dup": _("which need does {number} repeat? Send its number, such as N-2026-000012."),
            "blk": _(
                "why is the author of need {number} blocked? Write the reason (3 to 500 "
                "characters): they will read it."
            ),
        }[action]
        await prompt(query.message, query.from_user, state, data, question.format(number=number))
        return
    await state.clear()
    text, options = await _options(action, card.need.category, data)
    if not options:
        answer.text = text
        return
    keyboard = choices_keyboard(need_id, action, seen, options)
    await ask(query.message, query.from_user, text.format(number=number), keyboard)


async def _options(
    action: str, category: str, data: dict[str, Any]
) -> tuple[str, list[tuple[str, str]]]:
    """The question and the options of an action that starts with a choice."""
    language = data["i18n"].current_locale
    if action == "acc":
        templates = await library.all_of(data["session"], ReplyTemplate)
        return summary.question(), summary.options(templates, data["settings"].default_language)
    if action in LISTS:
        asked, presets = LISTS[action]
        options = [(key, str(label)) for key, (label, _text) in presets.items()]
        return str(asked), [*options, (OWN_TEXT, _("✍️ Write my own"))]
    if action == "rte":
        everyone = await library.all_of(data["session"], Department)
        if not everyone:
            return _(
                "There are no departments yet: an administrator adds them with /departments."
            ), []
        departments = library.for_category(everyone, category)
        return _("which department is need {number} for?"), department_options(
            departments, language
        )
    templates = await library.all_of(data["session"], ReplyTemplate)
    question = (
        _("how do you answer the author of need {number}? Pick a template or write your own.")
        if action == "rpl"
        else _("how was need {number} resolved? Pick a template or write your own text.")
    )
    return question, template_options(templates, language)
