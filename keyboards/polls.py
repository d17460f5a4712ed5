"""Buttons of polls: answering (one option, or toggles and “Done”), opening a poll from
/polls, choosing one's district. Payloads are ids and small numbers (≤ 64 bytes); every
field is checked again by the service."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from services.polls import PollView


class PollVote(CallbackData, prefix="pv1"):
    poll: int
    option: int  # 0-based position


class PollToggle(CallbackData, prefix="pt1"):
    poll: int
    mask: int  # the options ticked so far, one bit per position
    option: int


class PollDone(CallbackData, prefix="pd1"):
    poll: int
    mask: int


class PollOpen(CallbackData, prefix="po1"):
    poll: int


class PollDistrictAsk(CallbackData, prefix="pda1"):
    pass


class PollDistrictPick(CallbackData, prefix="pdp1"):
    code: str


def to_mask(choices: frozenset[int]) -> int:
    return sum(1 << position for position in choices)


def from_mask(mask: int, options: int) -> frozenset[int] | None:
    """The positions of ``mask``; ``None`` when it names options the poll does not have."""
    if mask < 0 or mask >= 1 << options:
        return None
    return frozenset(position for position in range(options) if mask >> position & 1)


def answer_keyboard(
    view: PollView, language: str, choices: frozenset[int]
) -> InlineKeyboardMarkup:
    """A button per option (✅ on the chosen ones); with multiple choice the buttons tick and
    untick, and “Done” records the ticked ones."""
    builder = InlineKeyboardBuilder()
    mask = to_mask(choices)
    for option in view.options:
        mark = "✅ " if option.position in choices else ""
        label = f"{mark}{option.position + 1}. {option.text(language)}"
        data: CallbackData = (
            PollToggle(poll=view.id, mask=mask, option=option.position)
            if view.poll.multiple
            else PollVote(poll=view.id, option=option.position)
        )
        builder.button(text=label, callback_data=data)
    if view.poll.multiple:
        builder.button(text=_("✔️ Done"), callback_data=PollDone(poll=view.id, mask=mask))
    builder.adjust(1)
    return builder.as_markup()


def polls_keyboard(poll_ids: list[int]) -> InlineKeyboardMarkup:
    """One numbered button per poll of the /polls list, and the district choice."""
    builder = InlineKeyboardBuilder()
    for number, poll_id in enumerate(poll_ids, start=1):
        builder.button(text=str(number), callback_data=PollOpen(poll=poll_id))
    builder.adjust(5)
    district = PollDistrictAsk().pack()
    builder.row(InlineKeyboardButton(text=_("📍 My district"), callback_data=district))
    return builder.as_markup()
