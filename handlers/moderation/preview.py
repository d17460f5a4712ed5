"""The last step of an action that reaches a resident or cannot be undone (reject, not our
competence, duplicate, block, answer, resolve): a preview of what will happen and what the
author will read, in their language, with ✅ Confirm and ✖️ Cancel
(``handlers.moderation.confirm``)."""

from __future__ import annotations

from typing import Any, TypedDict

from aiogram import html
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, User
from aiogram.utils.i18n import gettext as _

from bot.desk.notices import Texts
from bot.i18n import LANGUAGE_NAMES
from bot.render import status_label
from handlers.moderation.common import prompt
from handlers.moderation.states import Moderating, Step
from keyboards.moderation import confirm_keyboard
from services import cards


class Pending(TypedDict, total=False):
    kind: str  # "status", "reply" or "block"
    to: str  # status: the new status
    texts: dict[str, str]  # status, reply: what the author reads, per language
    duplicate_of: int  # status (duplicate): the original's id ...
    original: str  # ... and number
    photo: str  # status (resolved): the photo of the result
    reason: str  # block: the reason the author reads


def _in(texts: Texts | None, language: str) -> str:
    texts = texts or {}
    return texts.get(language) or next(iter(texts.values()), "")


def _read(language: str, text: str) -> str:
    return (
        _("The author will read ({language}):").format(language=LANGUAGE_NAMES[language])
        + f"\n<blockquote>{html.quote(text)}</blockquote>"
    )


async def preview(
    message: Message,
    user: User,
    state: FSMContext,
    step: Step,
    pending: Pending,
    data: dict[str, Any],
) -> None:
    """Ask the moderator to confirm ``pending``; nothing is done or sent before."""
    card = await cards.load(data["session"], step["need_id"])
    if card is None:
        await state.clear()
        await message.answer(_("This need no longer exists."))
        return
    number = card.need.number
    language = card.author_language or data["settings"].default_language
    texts: Texts | None = pending.get("texts")
    if pending["kind"] == "block":
        lines = [
            _(
                "check before it is done: the author of need {number} is blocked, and their "
                "new submissions do not reach the queue."
            ).format(number=number),
            _read(language, pending["reason"]),
        ]
    elif pending["kind"] == "reply":
        lines = [
            _("check before it is sent: the answer to the author of need {number}.").format(
                number=number
            )
        ]
        lines.append(_read(language, _in(texts, language)))
    else:
        lines = [
            _("check before it is done: need {number} becomes “{status}”.").format(
                number=number, status=status_label(pending["to"])
            )
        ]
        if "original" in pending:
            lines.append(_("It repeats need {original}.").format(original=pending["original"]))
        if texts:
            lines.append(_read(language, _in(texts, language)))
        if "photo" in pending:
            lines.append(_("📷 With a photo of the result."))
    await state.set_state(Moderating.confirm)
    await state.set_data({**step, "pending": dict(pending)})
    await prompt(message, user, state, data, "\n".join(lines), confirm_keyboard(card.need.id))
