"""The typed steps of moderators' actions: their own reason to reject, where to turn, the
number of the original of a duplicate, the reason to block an author."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.desk.notices import same_in_every_language
from handlers.moderation.common import AnswersPrompt, lapsed, refused, staffer
from handlers.moderation.preview import Pending, preview
from handlers.moderation.states import Moderating, Step
from models.need import NeedStatus
from services import blocking, moderation
from services.blocking import REASON_LENGTH
from services.moderation import NotAllowed
from services.needs import check_text

router = Router(name="moderation.typed")
TYPED = F.text & ~F.text.startswith("/")
STATUS_FOR = {Moderating.reason.state: NeedStatus.REJECTED,
              Moderating.where.state: NeedStatus.NOT_OUR_COMPETENCE}  # fmt: skip


async def _text(message: Message) -> str | None:
    text = (message.text or "").strip()
    if check_text(text, REASON_LENGTH) is not None:
        await message.answer(_("Please write from 3 to 500 characters, with words in them."))
        return None
    return text


@router.message(Moderating.reason, TYPED, AnswersPrompt())
@router.message(Moderating.where, TYPED, AnswersPrompt())
async def own_text(message: Message, state: FSMContext, raw_state: str, **data: Any) -> None:
    assert message.from_user is not None
    if await lapsed(message, message.from_user, state, data):
        return
    text = await _text(message)
    if text is None:
        return
    step: Step = await state.get_data()  # type: ignore[assignment]
    texts = same_in_every_language(text)
    pending: Pending = {"kind": "status", "to": STATUS_FOR[raw_state].value, "texts": texts}
    await preview(message, message.from_user, state, step, pending, data)


@router.message(Moderating.original, TYPED, AnswersPrompt())
async def original_given(message: Message, state: FSMContext, **data: Any) -> None:
    assert message.from_user is not None
    if await lapsed(message, message.from_user, state, data):
        return
    step: Step = await state.get_data()  # type: ignore[assignment]
    original = await moderation.find_need(data["session"], message.text or "")
    if original is None:
        await message.answer(
            _("There is no need with this number. Send a number such as N-2026-000012.")
        )
        return
    if original.id == step["need_id"]:
        await message.answer(_("A need cannot repeat itself. Send the number of another need."))
        return
    pending: Pending = {
        "kind": "status",
        "to": NeedStatus.DUPLICATE.value,
        "duplicate_of": original.id,
        "original": original.number,
    }
    await preview(message, message.from_user, state, step, pending, data)


@router.message(Moderating.block_reason, TYPED, AnswersPrompt())
async def block_reason_given(message: Message, state: FSMContext, **data: Any) -> None:
    assert message.from_user is not None
    if await lapsed(message, message.from_user, state, data):
        return
    reason = await _text(message)
    if reason is None:
        return
    step: Step = await state.get_data()  # type: ignore[assignment]
    await preview(
        message, message.from_user, state, step, {"kind": "block", "reason": reason}, data
    )


async def block_author(message: Message, step: Step, reason: str, data: dict[str, Any]) -> None:
    """Confirmed: the author of the need is blocked, and told why."""
    settings = data["settings"]
    try:
        done = await blocking.block_author(
            data["session"], staffer(data), step["need_id"], reason, admin_ids=settings.admin_ids
        )
    except NotAllowed:
        await message.answer(refused())
        return
    if done is None:
        await message.answer(_("This need has no author any more: their data was deleted."))
        return
    if isinstance(done, blocking.ErasedBlocked):
        await message.answer(
            _(
                "Done: the author had deleted their data, so there is no one to tell now; if "
                "they come back to Kenes, they stay blocked."
            )
        )
        return
    if not done.changed:
        await message.answer(_("The author is blocked already."))
        return
    await data["desk"].refresh(step["need_id"])  # the author is told through the outbox
    await message.answer(
        _(
            "Done: the author is blocked. Their new submissions do not reach the queue. "
            "/blocked lists the blocked residents."
        )
    )
