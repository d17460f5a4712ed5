"""What the vote path builds once (issue 19) gives what building it every time gave: aiogram's
reply models survive garbage collection, the answer keyboard, the shares."""

from __future__ import annotations

import gc
from datetime import UTC, datetime

import pytest
from aiogram.methods import EditMessageText, GetUpdates, Response
from aiogram.utils.i18n import gettext as _
from babel import Locale
from babel.numbers import format_percent

from bot import telegram
from bot.i18n import create_i18n
from bot.polls.render import share
from bot.telegram import ResilientRequests, keep_response_type
from keyboards.polls import answer_keyboard
from models.poll import Poll, PollOption
from services.polls import PollView


def test_the_reply_model_of_a_method_is_built_once() -> None:
    method = EditMessageText(text="x", chat_id=1, message_id=1)
    keep_response_type(method)
    first = Response[method.__returning__]  # type: ignore[name-defined]
    gc.collect()
    assert Response[method.__returning__] is first  # type: ignore[name-defined]


async def test_the_reply_model_of_get_updates_is_not_held() -> None:
    """Long polling's ``Response[list[Update]]`` (3.5 MB of idle RSS) is left to pydantic."""
    seen = []

    async def make_request(_bot: object, method: object) -> object:
        seen.append(method)
        return "done"

    requests = ResilientRequests()
    held = set(telegram._RESPONSE_TYPES)
    assert await requests(make_request, None, GetUpdates()) == "done"  # type: ignore[arg-type,comparison-overlap]
    assert set(telegram._RESPONSE_TYPES) == held
    await requests(make_request, None, EditMessageText(text="x", chat_id=1, message_id=1))  # type: ignore[arg-type]
    assert EditMessageText.__returning__ in telegram._RESPONSE_TYPES
    assert len(seen) == 2


def view(multiple: bool) -> PollView:
    poll = Poll(id=7, multiple=multiple, closes_at=datetime(2030, 1, 1, tzinfo=UTC))
    options = tuple(
        PollOption(poll_id=7, position=i, text_kk=f"Нұсқа {i}", text_ru=f"Вариант {i}")
        for i in range(3)
    )
    return PollView(poll, options)


@pytest.mark.parametrize("multiple", [False, True])
def test_the_answer_keyboard_is_the_same_built_once_or_anew(multiple: bool) -> None:
    i18n = create_i18n("ru")
    with i18n.context(), i18n.use_locale("ru"):
        keyboard = answer_keyboard(view(multiple), "ru", frozenset({1}))
        again = answer_keyboard(view(multiple), "ru", frozenset({1}))
        done = _("✔️ Done")
        other = answer_keyboard(view(multiple), "kk", frozenset())
    assert again is keyboard  # the same poll, texts and choice: built once
    rows = [[(b.text, b.callback_data) for b in row] for row in keyboard.inline_keyboard]
    if multiple:
        assert rows == [
            [("1. Вариант 0", "pt1:7:2:0")],
            [("✅ 2. Вариант 1", "pt1:7:2:1")],
            [("3. Вариант 2", "pt1:7:2:2")],
            [(done, "pd1:7:2")],
        ]
    else:
        assert rows == [
            [("1. Вариант 0", "pv1:7:0")],
            [("✅ 2. Вариант 1", "pv1:7:1")],
            [("3. Вариант 2", "pv1:7:2")],
        ]
    assert [row[0].text for row in other.inline_keyboard][:3] == [
        "1. Нұсқа 0",
        "2. Нұсқа 1",
        "3. Нұсқа 2",
    ]


@pytest.mark.parametrize("language", ["kk", "ru", "kk_Latn"])
@pytest.mark.parametrize(("part", "whole"), [(0, 0), (1, 3), (2, 3), (600, 2400), (5, 5)])
def test_shares_read_as_babel_writes_them(language: str, part: int, whole: int) -> None:
    locale = "kk" if language == "kk_Latn" else language
    for decimals in (0, 1):
        pattern = Locale.parse(locale).percent_formats[None].pattern
        if decimals:
            pattern = pattern.replace("0", "0." + "#" * decimals, 1)
        expected = format_percent(part / whole if whole else 0, format=pattern, locale=locale)
        assert share(part, whole, language, decimals=decimals) == expected
