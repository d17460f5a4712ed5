"""The emulator measures a message as Telegram does: the visible text after HTML parsing, in
UTF-16 code units, at most 4096 for a text and 1024 for a caption."""

from __future__ import annotations

import pytest

from playground.emulator import BotApiError, Emulator
from playground.emulator.params import Params

ME = 1001


def emulator() -> Emulator:
    api = Emulator()
    api.private_chat(api.user(ME))
    api.users[ME].started = True
    return api


@pytest.mark.parametrize(
    "text",
    [
        "😀" * 2048,  # 4096 UTF-16 units
        "&lt;" * 4096,  # 16,384 characters sent, 4096 shown
        "<b>" + "я" * 4096 + "</b>",
    ],
)
async def test_a_text_of_4096_visible_units_is_sent(text: str) -> None:
    sent = await emulator().call(
        "sendMessage", Params({"chat_id": ME, "text": text, "parse_mode": "HTML"})
    )

    assert len(sent["text"].encode("utf-16-le")) // 2 == 4096


@pytest.mark.parametrize("text", ["😀" * 2048 + "!", "&lt;" * 4097, "я" * 4096 + "😀"])
async def test_one_unit_more_is_refused(text: str) -> None:
    api = emulator()

    with pytest.raises(BotApiError) as refused:
        await api.call("sendMessage", Params({"chat_id": ME, "text": text, "parse_mode": "HTML"}))

    assert (refused.value.code, refused.value.description) == (
        400,
        "Bad Request: message is too long",
    )
    assert api.bot_messages(ME) == []
