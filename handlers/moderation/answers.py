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
from handlers.moderation.common import ask, change, refused, staffer, still_as_seen
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
    """The text is ready: send the answer, or (resolving) ask for a photo first."""
    if step["action"] == "res":
        await state.set_state(Moderating.photo)
        await state.set_data({**step, "texts": dict(texts)})
        keyboard = choices_keyboard(
            step["need_id"], step["action"], step["seen"], [(SKIP_PHOTO, _("⏭ Without a photo"))]
        )
        await ask(
            message, user, _("send a photo of the result, or resolve without one."), keyboard
        )
        return
    await state.clear()
    outcome = await actions.reply(
        data["desk"], data["session"], staffer(data), step["need_id"], texts
    )
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
    message: Message, state: FSMContext, step: Step, photo: str | None, data: dict[str, Any]
) -> None:
    await state.clear()
    result = await change(
        data,
        step["need_id"],
        NeedStatus.RESOLVED,
        seen=step["seen"],
        texts=step.get("texts"),
        photo=photo,
    )
    await message.answer(result)


@router.message(Moderating.text, F.text & ~F.text.startswith("/"))
async def text_typed(message: Message, state: FSMContext, **data: Any) -> None:
    text = (message.text or "").strip()
    if check_text(text, TEMPLATE_LENGTH) is not None:
        await message.answer(_("Please write from 2 to 1,000 characters, with words in them."))
        return
    step: Step = await state.get_data()  # type: ignore[assignment]
    assert message.from_user is not None
    await answer_with(message, message.from_user, state, step, same_in_every_language(text), data)


@router.message(Moderating.photo, F.photo)
async def photo_sent(message: Message, state: FSMContext, **data: Any) -> None:
    step: Step = await state.get_data()  # type: ignore[assignment]
    assert message.photo
    await resolve(message, state, step, message.photo[-1].file_id, data)


@router.message(Moderating.photo, ~F.text.startswith("/"))
async def not_a_photo(message: Message) -> None:
    await message.answer(_("Please send a photo, or press “⏭ Without a photo”."))
