"""Options picked from an action's list: a listed reason or place (done at once), a
department, a template (shown in the author's language, to send or to edit), "write my
own", "send as it is", "without a photo"; and "Stop"."""

from __future__ import annotations

from typing import Any

from aiogram import Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from bot.desk import actions
from bot.desk.actions import Result
from bot.i18n import LANGUAGE_NAMES
from handlers.buttons import take_buttons_away
from handlers.moderation import summary
from handlers.moderation.answers import answer_with, ask_text, resolve
from handlers.moderation.common import change, lapsed, prompt, refused, staffer, still_as_seen
from handlers.moderation.presets import PLACES, REASONS, in_every_language
from handlers.moderation.preview import Pending, preview
from handlers.moderation.states import Moderating, Step
from keyboards.moderation import OWN_TEXT, SEND_AS_IS, SKIP_PHOTO, Abort, Choice, choices_keyboard
from models.moderation import ReplyTemplate
from models.need import NeedStatus
from services import cards, library

router = Router(name="moderation.choices")
LISTED = {"rej": (REASONS, NeedStatus.REJECTED), "noc": (PLACES, NeedStatus.NOT_OUR_COMPETENCE)}
OWN_STATES = {"rej": Moderating.reason, "noc": Moderating.where}


@router.callback_query(Abort.filter())
async def stop(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    message = await take_buttons_away(query)
    if message is not None:
        await message.answer(_("Stopped. Nothing was changed."))


@router.callback_query(Choice.filter())
async def chosen(
    query: CallbackQuery, callback_data: Choice, state: FSMContext, **data: Any
) -> None:
    answer: CallbackAnswer = data["callback_answer"]
    need_id, action, seen = callback_data.need_id, callback_data.action, callback_data.seen
    option = callback_data.option
    problem = await still_as_seen(data, need_id, seen)
    if problem is not None or not isinstance(query.message, Message):
        answer.text = problem or _("This button is no longer active.")
        return
    step: Step = {"need_id": need_id, "seen": seen, "action": action}
    if action in LISTED and option in LISTED[action][0]:
        presets, to = LISTED[action]
        texts = in_every_language(data["i18n"], presets[option][1])
        await take_buttons_away(query)
        if to == NeedStatus.REJECTED:  # cannot be undone: confirmed first
            pending: Pending = {"kind": "status", "to": to.value, "texts": texts}
            await preview(query.message, query.from_user, state, step, pending, data)
        else:
            answer.text = await change(data, need_id, to, seen=seen, texts=texts)
    elif action in OWN_STATES and option == OWN_TEXT:
        await take_buttons_away(query)
        await state.set_state(OWN_STATES[action])
        await state.set_data(dict(step))
        question = _("write it (3 to 500 characters).")
        await prompt(query.message, query.from_user, state, data, question)
    elif action == "rte" and option.isdigit():
        await take_buttons_away(query)
        answer.text = await _route(data, need_id, int(option))
    elif action == "acc":
        await summary.picked(query, query.message, state, step, option, data)
    elif action in {"rpl", "res"}:
        await _answer_option(query, query.message, state, step, option, data)
    else:
        answer.text = _("This button is no longer active.")


async def _route(data: dict[str, Any], need_id: int, department_id: int) -> str:
    outcome = await actions.route(
        data["desk"], data["session"], staffer(data), need_id, department_id
    )
    if outcome.result is Result.REFUSED:
        return refused()
    if outcome.result is Result.CLOSED:
        return _("This need is closed already.")
    if outcome.department is None:
        return _("This department has been deleted.")
    return _("Done: need {number} is routed to {department}.").format(
        number=outcome.number, department=outcome.department.name(data["i18n"].current_locale)
    )


async def _answer_option(
    query: CallbackQuery,
    message: Message,
    state: FSMContext,
    step: Step,
    option: str,
    data: dict[str, Any],
) -> None:
    answer: CallbackAnswer = data["callback_answer"]
    current: Step = await state.get_data()  # type: ignore[assignment]
    same = current.get("need_id") == step["need_id"] and "texts" in current
    if option == SEND_AS_IS and same and await state.get_state() == Moderating.text.state:
        await take_buttons_away(query)
        if not await lapsed(message, query.from_user, state, data):
            await answer_with(message, query.from_user, state, current, current["texts"], data)
    elif option == SKIP_PHOTO and same and await state.get_state() == Moderating.photo.state:
        await take_buttons_away(query)
        if not await lapsed(message, query.from_user, state, data):
            await resolve(message, query.from_user, state, current, None, data)
    elif option == OWN_TEXT:
        await take_buttons_away(query)
        await state.set_state(Moderating.text)
        await state.set_data(dict(step))
        await prompt(message, query.from_user, state, data, ask_text())
    elif option.isdigit():
        template = await library.one(data["session"], ReplyTemplate, int(option))
        card = await cards.load(data["session"], step["need_id"])
        if template is None or card is None:
            answer.text = _("This template has been deleted.")
            return
        await take_buttons_away(query)
        language = card.author_language or data["settings"].default_language
        await state.set_state(Moderating.text)
        await state.set_data({**step, "template_id": template.id, "texts": dict(template.texts)})
        keyboard = choices_keyboard(
            step["need_id"], step["action"], step["seen"], [(SEND_AS_IS, _("📤 Send as it is"))]
        )
        await prompt(
            message,
            query.from_user,
            state,
            data,
            _(
                "the author will read this ({language}):\n<blockquote>{text}</blockquote>\n"
                "Send it as it is, or send your edited text as a reply."
            ).format(language=LANGUAGE_NAMES[language], text=html.quote(template.text(language))),
            keyboard,
        )
    else:
        answer.text = _("This button is no longer active.")
