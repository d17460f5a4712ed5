"""What the moderation handlers share: who acts, how a question is asked in a private chat
or in the moderators' group, and making a status change with everything that follows it
(every card copy edited, the residents' notices queued, the moderator answered)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ForceReply, InlineKeyboardMarkup, Message, User
from aiogram.utils.i18n import gettext as _

from bot.desk import actions
from bot.desk.actions import Result, seen_status
from bot.desk.notices import Texts
from bot.desk.prompts import addressed, expired_text
from bot.render import status_label
from bot.settings import Settings
from handlers.moderation.states import Step
from keyboards.moderation import abort_keyboard
from models.base import utcnow
from models.need import NeedStatus
from services import cards, prompts
from services.moderation import Staffer
from services.prompts import Asked


class DeskChat(Filter):
    """Private chats and the moderators' group: nowhere else do moderators work."""

    async def __call__(self, event: Message | CallbackQuery, settings: Settings) -> bool:
        message = event.message if isinstance(event, CallbackQuery) else event
        if not isinstance(message, Message):
            return False
        return message.chat.type == "private" or message.chat.id == settings.moderator_chat_id


def staffer(data: dict[str, Any]) -> Staffer:
    user: User = data["event_from_user"]
    return Staffer(data["actor"], user.full_name)


async def ask(
    message: Message, user: User, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    """A question for one moderator. In the group it names them and asks for a reply to
    it (so that Kenes gets the answer however the group is set up); a list of options or a
    "Stop" button comes with it in any chat."""
    text = addressed(message.chat.id, user.id, user.full_name, text)
    if message.chat.type == "private":
        return await message.answer(text, reply_markup=markup or abort_keyboard())
    if markup is not None:
        return await message.answer(text, reply_markup=markup)
    return await message.answer(text, reply_markup=ForceReply(force_reply=True, selective=True))


async def prompt(
    message: Message,
    user: User,
    state: FSMContext,
    data: dict[str, Any],
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message:
    """:func:`ask`, as the question the moderator's current step awaits the answer to: in
    the group only a reply to it counts (:class:`AnswersPrompt`), and it expires after
    ``KENES_MODERATOR_PROMPT_SECONDS`` (``bot.desk.prompts``)."""
    asked = await ask(message, user, text, markup)
    step: Step = await state.get_data()  # type: ignore[assignment]
    card = await cards.load(data["session"], step["need_id"]) if "need_id" in step else None
    seconds = data["settings"].moderator_prompt_seconds
    await state.update_data(prompt_id=asked.message_id, expires_at=time.time() + seconds)
    await prompts.remember(
        data["session"],
        Asked(
            asked.chat.id,
            user.id,
            asked.message_id,
            card.need.number if card else None,
            user.full_name,
            data["i18n"].current_locale,
            utcnow() + timedelta(seconds=seconds),
        ),
    )
    return asked


class AnswersPrompt(Filter):
    """In the moderators' group, a message is a step's input only when it replies to the
    question that step asked (so only its moderator's reply counts: the state is theirs).
    In a private chat every message is."""

    async def __call__(self, message: Message, state: FSMContext) -> bool:
        if message.chat.type == "private":
            return True
        replied = message.reply_to_message
        step: Step = await state.get_data()  # type: ignore[assignment]
        return replied is not None and replied.message_id == step.get("prompt_id")


async def lapsed(message: Message, user: User, state: FSMContext, data: dict[str, Any]) -> bool:
    """Whether the step's question has expired; if so the step ends and the moderator is
    told (the sweep may not have come by yet)."""
    step: Step = await state.get_data()  # type: ignore[assignment]
    if step.get("expires_at", float("inf")) > time.time():
        return False
    await state.clear()
    card = await cards.load(data["session"], step["need_id"]) if "need_id" in step else None
    await message.answer(
        addressed(
            message.chat.id,
            user.id,
            user.full_name,
            expired_text(card.need.number if card else None),
        )
    )
    return True


def already_handled(number: str, status: str) -> str:
    return _("Already handled: need {number} is now “{status}”.").format(
        number=number, status=status_label(status)
    )


def refused() -> str:
    return _("This is for the akimat's staff only.")


async def still_as_seen(data: dict[str, Any], need_id: int, seen: str) -> str | None:
    """``None`` when the need is as the moderator saw it; else what to tell them (and the
    card copies are brought up to date)."""
    card = await cards.load(data["session"], need_id)
    if card is None:
        return _("This need no longer exists.")
    if seen_status(seen) is None or card.need.status != seen:
        await data["desk"].refresh(need_id)
        return already_handled(card.need.number, card.need.status)
    return None


async def change(
    data: dict[str, Any],
    need_id: int,
    to: NeedStatus,
    *,
    seen: str,
    texts: Texts | None = None,
    duplicate_of: int | None = None,
    photo: str | None = None,
    public_summary: str | None = None,
) -> str:
    """Change the need's status as the moderator asked (``bot.desk.actions``, the console's
    code path too); return what to tell them."""
    outcome = await actions.change_status(
        data["desk"],
        data["session"],
        staffer(data),
        need_id,
        to,
        seen=seen,
        texts=texts,
        duplicate_of=duplicate_of,
        photo=photo,
        public_summary=public_summary,
    )
    if outcome.result is Result.CONFLICT:
        return already_handled(outcome.number, outcome.status)
    if outcome.result is Result.REFUSED:
        return refused()
    if outcome.result is not Result.DONE:
        return _("This need no longer exists.")
    return _("Done: need {number} is now “{status}”.").format(
        number=outcome.number, status=status_label(outcome.status)
    )
