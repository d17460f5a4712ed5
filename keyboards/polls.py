"""Buttons of polls: answering (one option, or toggles and “Done”), opening a poll from
/polls, choosing one's district. Payloads are ids and small numbers (≤ 64 bytes); every
field is checked again by the service."""

from __future__ import annotations

from functools import lru_cache

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
    untick, and “Done” records the ticked ones. The same poll, texts and choices give the
    same keyboard, built once (a poll's burst shows a few of them thousands of times): the
    caller must not change it."""
    labels = tuple((option.position, option.text(language)) for option in view.options)
    done = _("✔️ Done") if view.poll.multiple else None
    return _answer_keyboard(view.id, labels, done, to_mask(choices))


@lru_cache(maxsize=1024)
def _answer_keyboard(
    poll_id: int, labels: tuple[tuple[int, str], ...], done: str | None, mask: int
) -> InlineKeyboardMarkup:
    """``labels``: (position, text) of each option; ``done``: the label of “Done”, for a
    poll of multiple choice (``None``: one choice)."""
    builder = InlineKeyboardBuilder()
    for position, text in labels:
        mark = "✅ " if mask >> position & 1 else ""
        data: CallbackData = (
            PollToggle(poll=poll_id, mask=mask, option=position)
            if done is not None
            else PollVote(poll=poll_id, option=position)
        )
        builder.button(text=f"{mark}{position + 1}. {text}", callback_data=data)
    if done is not None:
        builder.button(text=done, callback_data=PollDone(poll=poll_id, mask=mask))
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
