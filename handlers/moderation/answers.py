"""Answering a need's author, and resolving a need: the text (a template as it is, edited,
or the moderator's own, in either language), then for a resolution an optional photo."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, User
from aiogram.utils.i18n import gettext as _

from bot.desk import actions
from bot.desk.actions import Result
from bot.desk.notices import Texts, same_in_every_language
from handlers.moderation.common import (
    AnswersPrompt,
    lapsed,
    prompt,
    refused,
    staffer,
    still_as_seen,
)
from handlers.moderation.preview import Pending, preview
from handlers.moderation.states import Moderating, Step
from keyboards.moderation import SKIP_PHOTO, choices_keyboard
from models.need import NeedStatus
from services.library import TEMPLATE_LENGTH
from services.needs import check_text

router = Router(name="moderation.answers")


def ask_text() -> str:
    return _("write the text (2 to 1,000 characters), in Kazakh or in Russian.")


async def answer_with(
    message: Message, user: User, state: FSMContext, step: Step, texts: Texts, data: dict[str, Any]
) -> None:
    """The text is ready: preview the answer, or (resolving) ask for a photo first."""
    if step["action"] == "res":
        await state.set_state(Moderating.photo)
        await state.set_data({**step, "texts": dict(texts)})
        keyboard = choices_keyboard(
            step["need_id"], step["action"], step["seen"], [(SKIP_PHOTO, _("⏭ Without a photo"))]
        )
        await prompt(
            message,
            user,
            state,
            data,
            _("send a photo of the result as a reply to this message, or resolve without one."),
            keyboard,
        )
        return
    await preview(message, user, state, step, {"kind": "reply", "texts": dict(texts)}, data)


async def send_answer(message: Message, step: Step, texts: Texts, data: dict[str, Any]) -> None:
    """Confirmed: the answer goes to the need's author."""
    outcome = await actions.reply(
        data["desk"], data["session"], staffer(data), step["need_id"], texts
    )  # the answer goes out through the outbox
    if outcome.result is Result.REFUSED:
        await message.answer(refused())
        return
    if not outcome.done:
        problem = await still_as_seen(data, step["need_id"], step["seen"])
        await message.answer(problem or _("This need no longer exists."))
        return
    await message.answer(
        _("Done: the answer to need {number} is sent.").format(number=outcome.number)
    )


async def resolve(
    message: Message,
    user: User,
    state: FSMContext,
    step: Step,
    photo: str | None,
    data: dict[str, Any],
) -> None:
    pending: Pending = {"kind": "status", "to": NeedStatus.RESOLVED.value}
    if "texts" in step:
        pending["texts"] = step["texts"]
    if photo is not None:
        pending["photo"] = photo
    await preview(message, user, state, step, pending, data)


@router.message(Moderating.text, F.text & ~F.text.startswith("/"), AnswersPrompt())
async def text_typed(message: Message, state: FSMContext, **data: Any) -> None:
    assert message.from_user is not None
    if await lapsed(message, message.from_user, state, data):
        return
    text = (message.text or "").strip()
    if check_text(text, TEMPLATE_LENGTH) is not None:
        await message.answer(_("Please write from 2 to 1,000 characters, with words in them."))
        return
    step: Step = await state.get_data()  # type: ignore[assignment]
    await answer_with(message, message.from_user, state, step, same_in_every_language(text), data)


@router.message(Moderating.photo, F.photo, AnswersPrompt())
async def photo_sent(message: Message, state: FSMContext, **data: Any) -> None:
    assert message.photo and message.from_user is not None
    if await lapsed(message, message.from_user, state, data):
        return
    step: Step = await state.get_data()  # type: ignore[assignment]
    await resolve(message, message.from_user, state, step, message.photo[-1].file_id, data)


@router.message(Moderating.photo, ~F.text.startswith("/"), AnswersPrompt())
async def not_a_photo(message: Message) -> None:
    await message.answer(_("Please send a photo, or press “⏭ Without a photo”."))
