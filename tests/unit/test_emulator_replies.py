"""The emulator treats replies as Telegram does: a person's reply carries the message it
answers (one level deep); a bot's reply names an existing message; a selective ForceReply
opens a reply only for the people it mentions or answers; a mention by id is a text_mention."""

from __future__ import annotations

import json

import pytest

from playground.emulator import BotApiError, Emulator
from playground.emulator.params import Params

GROUP, ONE, TWO = -100500, 11, 12


def emulator() -> Emulator:
    api = Emulator()
    for user_id in (ONE, TWO):
        api.user(user_id, first_name=f"P{user_id}")
    api.group(GROUP, "Moderators", [ONE, TWO])
    return api


async def ask(api: Emulator, user_id: int, *, selective: bool = True, **more: object) -> int:
    sent = await api.call(
        "sendMessage",
        Params(
            {
                "chat_id": GROUP,
                "text": f'<a href="tg://user?id={user_id}">P{user_id}</a>, why?',
                "parse_mode": "HTML",
                "reply_markup": json.dumps({"force_reply": True, "selective": selective}),
                **more,
            }
        ),
    )
    assert sent["entities"][0]["type"] == "text_mention"
    assert sent["entities"][0]["user"]["id"] == user_id
    return int(sent["message_id"])


async def test_a_selective_force_reply_opens_only_for_the_person_it_mentions() -> None:
    api = emulator()
    asked = await ask(api, ONE)

    assert api.force_reply_prompt(GROUP, ONE) is api.find(GROUP, asked)
    assert api.force_reply_prompt(GROUP, TWO) is None


async def test_a_force_reply_for_everyone_opens_for_everyone() -> None:
    api = emulator()
    asked = await ask(api, ONE, selective=False)

    assert api.force_reply_prompt(GROUP, TWO) is api.find(GROUP, asked)


async def test_a_persons_reply_carries_the_message_it_answers_one_level_deep() -> None:
    api = emulator()
    question = api.find(GROUP, await ask(api, ONE))
    assert question is not None
    first = api.send_text(ONE, "because", chat_id=GROUP, reply_to=question)

    second = api.send_text(TWO, "and?", chat_id=GROUP, reply_to=first)

    update = api.pending[-1]["message"]
    assert update["reply_to_message"]["message_id"] == first.message_id
    assert "reply_to_message" not in update["reply_to_message"]
    assert second.to_api()["reply_to_message"]["text"] == "because"
    assert "reply_to_message" not in api.send_text(ONE, "plain", chat_id=GROUP).to_api()


async def test_a_reply_to_a_message_elsewhere_is_refused() -> None:
    api = emulator()
    api.private_chat(api.users[ONE])
    elsewhere = api.send_text(ONE, "hi")

    with pytest.raises(BotApiError, match="message to be replied not found"):
        api.send_text(ONE, "reply", chat_id=GROUP, reply_to=elsewhere)


async def test_the_bot_replies_to_an_existing_message_or_is_refused() -> None:
    api = emulator()
    said = api.send_text(ONE, "hello", chat_id=GROUP)
    asked = await ask(api, ONE, reply_parameters=json.dumps({"message_id": said.message_id}))
    question = api.find(GROUP, asked)
    assert question is not None and question.reply_to is said
    assert question.force_reply_for(api.users[ONE])

    with pytest.raises(BotApiError, match="message to be replied not found"):
        await ask(api, ONE, reply_parameters=json.dumps({"message_id": 999}))
    kept = await ask(
        api,
        ONE,
        reply_parameters=json.dumps({"message_id": 999, "allow_sending_without_reply": True}),
    )
    assert api.find(GROUP, kept) is not None


async def test_a_force_reply_placeholder_longer_than_64_is_refused() -> None:
    api = emulator()
    markup = {"force_reply": True, "input_field_placeholder": "x" * 65}

    with pytest.raises(BotApiError, match="placeholder"):
        await api.call(
            "sendMessage",
            Params({"chat_id": GROUP, "text": "?", "reply_markup": json.dumps(markup)}),
        )
