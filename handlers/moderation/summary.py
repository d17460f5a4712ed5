"""What the public may read of a need, chosen when a moderator accepts it: one of the reply
templates (in ``KENES_DEFAULT_LANGUAGE``, the open data's language), the category's name
only, or their own words, typed in answer to a prompt. Open data and the duplicate offer show
this text, never the author's (``docs/akimat-export.md``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram import F, Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ForceReply, Message, User
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from handlers.buttons import take_buttons_away
from handlers.moderation.common import change
from handlers.moderation.states import Moderating, Step
from keyboards.moderation import OWN_TEXT, short
from models.moderation import ReplyTemplate
from models.need import NeedStatus
from services import library
from services.needs import check_text

router = Router(name="moderation.summary")
CATEGORY_ONLY = "cat"
SUMMARY_LENGTH = (3, 500)


def question() -> str:
    return _(
        "what may the public read about need {number}? Open data and residents nearby see "
        "this text, never the author's words. Pick a template, the category name only, or "
        "write your own."
    )


def options(templates: Sequence[ReplyTemplate], language: str) -> list[tuple[str, str]]:
    """The templates (as the public would read them), the category only, own words."""
    return [
        *((str(t.id), "📄 " + short(t.text(language))) for t in templates),
        (CATEGORY_ONLY, _("🏷 Category name only")),
        (OWN_TEXT, _("✍️ Write my own")),
    ]


async def picked(
    query: CallbackQuery, message: Message, state: FSMContext, step: Step, option: str,
    data: dict[str, Any],
) -> None:  # fmt: skip
    answer: CallbackAnswer = data["callback_answer"]
    summary = None
    if option == OWN_TEXT:
        await take_buttons_away(query)
        await ask_own_summary(message, query.from_user, state, step)
        return
    if option.isdigit():
        template = await library.one(data["session"], ReplyTemplate, int(option))
        if template is None:
            answer.text = _("This template has been deleted.")
            return
        summary = template.text(data["settings"].default_language)
    elif option != CATEGORY_ONLY:
        answer.text = _("This button is no longer active.")
        return
    await take_buttons_away(query)
    answer.text = await change(
        data, step["need_id"], NeedStatus.ACCEPTED, seen=step["seen"], public_summary=summary
    )


async def ask_own_summary(message: Message, user: User, state: FSMContext, step: Step) -> None:
    """The one typed step of accepting: a prompt that the moderator answers by replying."""
    await state.set_state(Moderating.summary)
    await state.set_data(dict(step))
    text = _(
        "write what the public may read about this need (3 to 500 characters): the problem "
        "and the place, without the author's name, phone number or flat. Reply to this message."
    )
    if message.chat.type == "private":
        text = text[:1].upper() + text[1:]
    else:
        text = f'<a href="tg://user?id={user.id}">{html.quote(user.full_name)}</a>, {text}'
    await message.answer(text, reply_markup=ForceReply(force_reply=True, selective=True))


@router.message(Moderating.summary, F.text & ~F.text.startswith("/"))
async def own_summary(message: Message, state: FSMContext, **data: Any) -> None:
    text = (message.text or "").strip()
    if check_text(text, SUMMARY_LENGTH) is not None:
        await message.answer(_("Please write from 3 to 500 characters, with words in them."))
        return
    step: Step = await state.get_data()  # type: ignore[assignment]
    await state.clear()
    result = await change(
        data, step["need_id"], NeedStatus.ACCEPTED, seen=step["seen"], public_summary=text
    )
    await message.answer(result)
