"""The emulator's control API over HTTP: what people send (photos from disk and locations
included) and the buttons they press, refused as Telegram would refuse it (400/403/404 naming
the field, never a 500)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from playground.emulator import DEFAULT_TOKEN, Emulator
from tests.e2e.control_client import Control
from tests.pictures import png

GROUP = -1001000000001


ME = {"user_id": 1001}
NOT_AN_IMAGE = base64.b64encode(b"%PDF-1.4").decode()


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (
            {"user_id": 4242, "text": "hi"},
            404,
            "no person 4242: create them with POST /_emulator/users",
        ),
        (ME, 400, "text is required"),
        (ME | {"text": "   "}, 400, "text must not be empty"),
        (ME | {"text": "я" * 4097}, 400, "text is longer than 4096 characters"),
        (
            ME | {"kind": "video"},
            400,
            "kind must be one of: text, photo, location, sticker, voice, video_note, audio, "
            "document",
        ),
        (ME | {"kind": "voice", "duration": -1}, 400, "duration must be 0 to 86400 seconds"),
        (ME | {"kind": "audio", "duration": "long"}, 400, "duration must be an integer"),
        (
            ME | {"kind": "location", "latitude": 91, "longitude": 7},
            400,
            "latitude must be between -90 and 90",
        ),
        (ME | {"kind": "location", "latitude": 43.2}, 400, "longitude must be a number"),
        (ME | {"kind": "photo", "data": "%%%"}, 400, "data must be base64"),
        (
            ME | {"kind": "photo", "data": NOT_AN_IMAGE},
            400,
            "data is not a JPEG, PNG, GIF or WebP image",
        ),
        (
            ME | {"kind": "photo", "caption": "c" * 1025},
            400,
            "caption is longer than 1024 characters",
        ),
        (ME | {"chat_id": -100555, "text": "hi"}, 404, "no group -100555"),
        (
            ME | {"chat_id": GROUP, "text": "hi"},
            403,
            f"person 1001 is not a member of group {GROUP}",
        ),
    ],
)
async def test_sending_refuses_what_telegram_would_not_let_a_person_send(
    control: Control, emulator: Emulator, body: Any, status: int, error: str
) -> None:
    emulator.user(1001)
    emulator.user(9001)
    emulator.group(GROUP, "Moderators", [9001])

    assert await control.post("/_emulator/send", body) == (status, {"error": error})
    assert emulator.pending == []  # nothing reached the bot


async def test_a_photo_from_disk_reaches_the_bot_and_can_be_read_back(
    control: Control, emulator: Emulator
) -> None:
    emulator.user(1001, language_code="kk")
    picture = png(12, 8)

    status, message = await control.post(
        "/_emulator/send",
        {
            "user_id": 1001,
            "kind": "photo",
            "data": base64.b64encode(picture).decode(),
            "caption": "Шұңқыр",
        },
    )

    assert status == 200
    assert message["caption"] == "Шұңқыр"
    [update] = emulator.pending
    assert update["message"]["photo"] == message["photo"]
    largest = message["photo"][-1]["file_id"]
    async with control.http.get(f"{control.url}/_emulator/files/{largest}") as response:
        assert response.content_type == "image/png"
        assert await response.read() == picture
    stored = await control.bot("getFile", file_id=largest)
    path = f"{control.url}/file/bot{DEFAULT_TOKEN}/{stored['file_path']}"
    async with control.http.get(path) as response:  # what the bot downloads
        assert await response.read() == picture


async def test_a_voice_message_over_http_reaches_the_bot_and_is_downloaded_as_ogg(
    control: Control, emulator: Emulator
) -> None:
    emulator.user(1001, language_code="kk")

    status, message = await control.post(
        "/_emulator/send", {"user_id": 1001, "kind": "voice", "duration": 42}
    )

    assert status == 200
    [update] = emulator.pending
    assert update["message"]["voice"] == message["voice"]
    assert (message["voice"]["duration"], message["voice"]["mime_type"]) == (42, "audio/ogg")
    stored = await control.bot("getFile", file_id=message["voice"]["file_id"])
    path = f"{control.url}/file/bot{DEFAULT_TOKEN}/{stored['file_path']}"
    async with control.http.get(path) as response:
        assert response.content_type == "audio/ogg"
        assert (await response.read()).startswith(b"OggS")
    sent = await control.bot("sendVoice", chat_id=1001, voice=message["voice"]["file_id"])
    assert sent["voice"]["file_unique_id"] == message["voice"]["file_unique_id"]


async def test_a_location_and_a_message_in_the_group(control: Control, emulator: Emulator) -> None:
    emulator.user(1001)
    emulator.user(9001)
    emulator.group(GROUP, "Moderators", [9001])

    _, location = await control.post(
        "/_emulator/send",
        {"user_id": 1001, "kind": "location", "latitude": "43.2389", "longitude": 76.8897},
    )
    _, in_group = await control.post(
        "/_emulator/send", {"user_id": 9001, "chat_id": GROUP, "text": "Қабылдадым"}
    )

    assert location["location"] == {"latitude": 43.2389, "longitude": 76.8897}
    assert [u["message"]["chat"]["id"] for u in emulator.pending] == [1001, GROUP]
    assert in_group["chat"] == {"id": GROUP, "type": "supergroup", "title": "Moderators"}


async def test_pressing_needs_a_real_button_unless_forged(
    control: Control, emulator: Emulator
) -> None:
    emulator.user(1001)
    await control.post("/_emulator/send", {"user_id": 1001, "text": "/start"})
    markup = {"inline_keyboard": [[{"text": "Қазақша", "callback_data": "lang:kk"}]]}
    sent = await control.bot("sendMessage", chat_id=1001, text="Тіл?", reply_markup=markup)
    press = {"user_id": 1001, "message_id": sent["message_id"]}
    emulator.pending.clear()

    assert await control.post("/_emulator/press", press | {"message_id": 99, "data": "x"}) == (
        404,
        {"error": "no message 99 in chat 1001"},
    )
    assert await control.post("/_emulator/press", press | {"data": "lang:xx"}) == (
        400,
        {"error": f"no button with data 'lang:xx' on message {sent['message_id']}"},
    )
    assert await control.post("/_emulator/press", press | {"data": "a" * 65}) == (
        400,
        {"error": "data is longer than 64 characters"},
    )
    assert await control.post("/_emulator/press", press | {"text": "Русский"}) == (
        400,
        {"error": f"no button 'Русский' on message {sent['message_id']}: ['Қазақша']"},
    )
    status, by_text = await control.post("/_emulator/press", press | {"text": "Қазақша"})
    status_forged, _ = await control.post(
        "/_emulator/press", press | {"data": "lang:xx", "forged": True}
    )

    assert (status, status_forged) == (200, 200)
    [first, forged] = [u["callback_query"] for u in emulator.pending]
    assert (first["id"], first["data"], forged["data"]) == (
        by_text["callback_query_id"],
        "lang:kk",
        "lang:xx",
    )
    assert first["message"]["message_id"] == sent["message_id"]


async def test_in_a_group_a_message_answers_the_force_reply_question_addressed_to_its_author(
    control: Control, emulator: Emulator
) -> None:
    """As a Telegram app does: a selective ForceReply opens a reply for the person it names,
    once; a message may also name what it replies to."""
    emulator.user(9001, first_name="Айгерім")
    emulator.user(9002, first_name="Ерлан")
    emulator.group(GROUP, "Moderators", [9001, 9002])
    asked = await control.bot(
        "sendMessage",
        chat_id=GROUP,
        text='<a href="tg://user?id=9001">Айгерім</a>, why?',
        parse_mode="HTML",
        reply_markup={"force_reply": True, "selective": True},
    )
    send = {"chat_id": GROUP, "text": "Себебі бар"}

    _, answer = await control.post("/_emulator/send", send | {"user_id": 9001})
    _, other = await control.post("/_emulator/send", send | {"user_id": 9002})
    _, later = await control.post("/_emulator/send", send | {"user_id": 9001})
    _, chosen = await control.post(
        "/_emulator/send",
        send | {"user_id": 9002, "reply_to_message_id": answer["message_id"]},
    )

    assert answer["reply_to_message"]["message_id"] == asked["message_id"]
    assert "reply_to_message" not in other and "reply_to_message" not in later
    assert chosen["reply_to_message"]["message_id"] == answer["message_id"]
