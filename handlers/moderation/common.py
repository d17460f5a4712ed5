"""What the moderation handlers share: who acts, how a question is asked in a private chat
or in the moderators' group, and making a status change with everything that follows it
(every card copy edited, the residents told, the moderator answered)."""

from __future__ import annotations

from typing import Any

from aiogram import html
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, ForceReply, InlineKeyboardMarkup, Message, User
from aiogram.utils.i18n import gettext as _

from bot.desk import actions
from bot.desk.actions import Result, seen_status
from bot.desk.notices import Texts
from bot.render import status_label
from bot.settings import Settings
from keyboards.moderation import abort_keyboard
from models.need import NeedStatus
from services import cards
from services.moderation import Staffer


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
) -> None:
    """A question for one moderator. In the group it names them and asks for a reply to
    it (so that Kenes gets the answer however the group is set up); a list of options or a
    "Stop" button comes with it in any chat."""
    if message.chat.type == "private":
        text = text[:1].upper() + text[1:]
        await message.answer(text, reply_markup=markup or abort_keyboard())
        return
    mention = f'<a href="tg://user?id={user.id}">{html.quote(user.full_name)}</a>'
    if markup is not None:
        await message.answer(f"{mention}, {text}", reply_markup=markup)
        return
    await message.answer(
        f"{mention}, {text}", reply_markup=ForceReply(force_reply=True, selective=True)
    )


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
) -> str:
    """Change the need's status as the moderator asked; return what to tell them."""
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
