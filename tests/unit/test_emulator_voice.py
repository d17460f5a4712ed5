"""Voice messages in the emulator, as Telegram handles them: a person's voice message, video
note and audio file arrive with the fields Telegram gives; the bot sends a voice back by its
``file_id`` (sendVoice) with a caption and a reply, refused where Telegram refuses, and reads
the file (getFile)."""

from __future__ import annotations

from typing import Any

import pytest

from playground.emulator import BotApiError, Emulator
from playground.emulator.params import Params

ME = 1001
GROUP = -1001000000001


def emulator() -> Emulator:
    api = Emulator()
    api.private_chat(api.user(ME))
    api.users[ME].started = True
    api.group(GROUP, "Moderators", [ME])
    return api


async def refused(api: Emulator, method: str, params: dict[str, Any]) -> tuple[int, str]:
    with pytest.raises(BotApiError) as error:
        await api.call(method, Params(params))
    return error.value.code, error.value.description


def test_a_voice_message_arrives_as_telegram_delivers_it() -> None:
    api = emulator()

    message = api.send_voice(ME, duration=42)

    [update] = api.pending
    voice = update["message"]["voice"]
    assert set(voice) == {"file_id", "file_unique_id", "duration", "mime_type", "file_size"}
    assert (voice["duration"], voice["mime_type"]) == (42, "audio/ogg")
    assert voice["file_size"] == len(api.files[voice["file_id"]].data)
    assert "text" not in update["message"] and message.extra["voice"] == voice


def test_a_video_note_and_an_audio_file_are_not_voice_messages() -> None:
    api = emulator()

    note = api.send_video_note(ME, duration=7).to_api()
    audio = api.send_audio(ME, duration=200, title="Song").to_api()

    assert "voice" not in note and "voice" not in audio
    assert note["video_note"]["duration"] == 7 and "mime_type" not in note["video_note"]
    assert set(note["video_note"]) == {
        "file_id",
        "file_unique_id",
        "length",
        "duration",
        "file_size",
    }
    assert audio["audio"]["mime_type"] == "audio/mpeg" and audio["audio"]["title"] == "Song"


async def test_the_bot_reads_a_voice_file_and_sends_it_to_a_group_as_a_reply() -> None:
    api = emulator()
    voice = api.send_voice(ME, duration=42).extra["voice"]
    card = await api.call("sendMessage", Params({"chat_id": GROUP, "text": "Need N-1"}))

    file = await api.call("getFile", Params({"file_id": voice["file_id"]}))
    sent = await api.call(
        "sendVoice",
        Params(
            {
                "chat_id": GROUP,
                "voice": voice["file_id"],
                "caption": "N-2026-000001",
                "reply_parameters": f'{{"message_id": {card["message_id"]}}}',
            }
        ),
    )

    assert file["file_path"].startswith("voice/") and file["file_path"].endswith(".oga")
    assert file["file_unique_id"] == voice["file_unique_id"]
    assert sent["voice"]["file_unique_id"] == voice["file_unique_id"]
    assert sent["voice"]["duration"] == 42
    assert sent["caption"] == "N-2026-000001"
    assert sent["reply_to_message"]["message_id"] == card["message_id"]
    assert api.bot_messages(GROUP)[-1].extra["voice"]["file_id"] == voice["file_id"]


async def test_the_older_reply_to_message_id_works_too() -> None:
    api = emulator()
    voice = api.send_voice(ME).extra["voice"]
    card = await api.call("sendMessage", Params({"chat_id": ME, "text": "card"}))

    sent = await api.call(
        "sendVoice",
        Params(
            {"chat_id": ME, "voice": voice["file_id"], "reply_to_message_id": card["message_id"]}
        ),
    )

    assert sent["reply_to_message"]["text"] == "card"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"voice": None}, "Bad Request: there is no voice in the request"),
        ({"voice": "no-such-file"}, "Bad Request: wrong file identifier/HTTP URL specified"),
        ({"voice": "photo"}, "Bad Request: can't use file of type Photo as Voice"),
        ({"voice": "video_note"}, "Bad Request: can't use file of type VideoNote as Voice"),
        ({"voice": "audio"}, "Bad Request: can't use file of type Audio as Voice"),
        ({"caption": "я" * 1025}, "Bad Request: message caption is too long"),
        ({"caption": "  "}, "Bad Request: message caption is empty"),
        ({"caption": "<b>x", "parse_mode": "HTML"}, None),  # an unclosed tag: Telegram's words
        ({"duration": "long"}, "Bad Request: invalid duration specified"),
        ({"duration": -1}, "Bad Request: invalid duration specified"),
        (
            {"reply_parameters": '{"message_id": 999}'},
            "Bad Request: message to be replied not found",
        ),
        ({"reply_to_message_id": 999}, "Bad Request: message to be replied not found"),
        ({"reply_parameters": "[1]"}, "Bad Request: can't parse reply parameters JSON object"),
        ({"reply_parameters": "{"}, "Bad Request: can't parse reply_parameters JSON object"),
        ({"chat_id": -100777}, "Bad Request: chat not found"),
        ({"reply_markup": '{"inline_keyboard": [[{"text": "x"}]]}'}, None),
    ],
)
async def test_send_voice_refuses_what_telegram_refuses(
    change: dict[str, Any], error: str | None
) -> None:
    api = emulator()
    files = {
        "voice": api.send_voice(ME).extra["voice"]["file_id"],
        "photo": api.send_photo(ME).extra["photo"][-1]["file_id"],
        "video_note": api.send_video_note(ME).extra["video_note"]["file_id"],
        "audio": api.send_audio(ME).extra["audio"]["file_id"],
    }
    before = len(api.bot_messages(ME))
    params = {"chat_id": ME, "voice": files["voice"]} | change
    if params["voice"] in files:
        params["voice"] = files[params["voice"]]
    params = {k: v for k, v in params.items() if v is not None}

    code, description = await refused(api, "sendVoice", params)

    assert code == 400
    assert description == error or (error is None and description.startswith("Bad Request"))
    assert len(api.bot_messages(ME)) == before


async def test_a_reply_to_a_deleted_card_may_go_without_the_reply_if_asked() -> None:
    api = emulator()
    voice = api.send_voice(ME).extra["voice"]["file_id"]
    card = await api.call("sendMessage", Params({"chat_id": ME, "text": "card"}))
    await api.call("deleteMessage", Params({"chat_id": ME, "message_id": card["message_id"]}))
    reply = {"message_id": card["message_id"], "allow_sending_without_reply": True}

    sent = await api.call(
        "sendVoice", Params({"chat_id": ME, "voice": voice, "reply_parameters": reply})
    )

    assert "reply_to_message" not in sent
