"""The emulator's control API over HTTP, reading side: chats with edits and keyboards, files
to download, command menus, and the live event stream the web playground listens to."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from playground.emulator import DEFAULT_TOKEN, Emulator, EmulatorServer
from tests.e2e.control_client import Control


async def test_reading_a_chat_shows_messages_edits_and_the_reply_keyboard(
    control: Control, emulator: Emulator
) -> None:
    emulator.user(1001)
    await control.post("/_emulator/send", {"user_id": 1001, "text": "/start"})
    keyboard = {"keyboard": [["📝 Өтініш беру"]], "resize_keyboard": True}
    sent = await control.bot("sendMessage", chat_id=1001, text="<b>Сәлем</b>", parse_mode="HTML")
    await control.bot("sendMessage", chat_id=1001, text="Мәзір", reply_markup=keyboard)
    await control.bot("editMessageText", chat_id=1001, message_id=sent["message_id"], text="Сау")

    status, chat = await control.get("/_emulator/chats/1001")

    assert status == 200
    assert chat["chat"] == {
        "id": 1001,
        "type": "private",
        "first_name": "User 1001",
        "members": [1001],
        "messages": 3,
    }
    assert [(m["text"], m["from_bot"], m["edits"]) for m in chat["messages"]] == [
        ("/start", False, 0),
        ("Сау", True, 1),
        ("Мәзір", True, 0),
    ]
    assert chat["messages"][1]["html"] == "<b>Сәлем</b>"  # as first sent; edits keep history
    assert chat["reply_keyboard"] == keyboard


async def test_a_person_who_never_wrote_has_an_empty_chat_and_strangers_have_none(
    control: Control, emulator: Emulator
) -> None:
    emulator.user(1001, first_name="Айгерім")

    assert await control.get("/_emulator/chats/1001") == (
        200,
        {
            "chat": {
                "id": 1001,
                "type": "private",
                "first_name": "Айгерім",
                "members": [1001],
                "messages": 0,
            },
            "messages": [],
            "reply_keyboard": None,
        },
    )
    assert await control.get("/_emulator/chats/5555") == (404, {"error": "no chat 5555"})


async def test_documents_download_under_their_name(control: Control, emulator: Emulator) -> None:
    emulator.user(1001)
    await control.post("/_emulator/send", {"user_id": 1001, "text": "/start"})
    form = aiohttp.FormData(quote_fields=False)  # as aiogram sends files
    form.add_field("chat_id", "1001")
    form.add_field("document", b"a,b\n1,2\n", filename="өтініштер.csv", content_type="text/csv")
    async with control.http.post(f"{control.url}/bot{DEFAULT_TOKEN}/sendDocument", data=form) as r:
        document = (await r.json())["result"]["document"]

    url = f"{control.url}/_emulator/files/{document['file_id']}?download=1"
    async with control.http.get(url) as response:
        assert response.headers["Content-Disposition"] == (
            "attachment; filename*=UTF-8''"
            "%D3%A9%D1%82%D1%96%D0%BD%D1%96%D1%88%D1%82%D0%B5%D1%80.csv"
        )
        assert response.content_type == "text/csv"
        assert await response.read() == b"a,b\n1,2\n"
    assert await control.get("/_emulator/files/nope") == (404, {"error": "no such file"})


async def test_the_command_menu_follows_the_persons_language(control: Control) -> None:
    kk = [{"command": "start", "description": "Басты мәзір"}]
    ru = [{"command": "start", "description": "Главное меню"}]
    await control.bot("setMyCommands", commands=kk, language_code="kk")
    await control.bot("setMyCommands", commands=ru)

    assert await control.get("/_emulator/commands?chat_id=1001&language_code=kk") == (
        200,
        {"commands": kk},
    )
    assert await control.get("/_emulator/commands?chat_id=1001&language_code=en") == (
        200,
        {"commands": ru},
    )
    assert await control.get("/_emulator/commands?chat_id=x") == (
        400,
        {"error": "chat_id and user_id must be integers"},
    )


async def next_event(lines: aiohttp.StreamReader) -> dict[str, Any]:
    """The next ``data:`` event of a server-sent event stream (comments skipped)."""
    while True:
        line = await asyncio.wait_for(lines.readline(), 10)
        if not line:
            raise EOFError("the stream ended")
        if line.startswith(b"data: "):
            return json.loads(line[6:])  # type: ignore[no-any-return]


async def test_the_event_stream_shows_messages_keyboards_edits_and_pop_ups(
    emulator: Emulator,
) -> None:
    server = EmulatorServer(emulator)
    await server.start()
    control = Control(aiohttp.ClientSession(), server.url)
    try:
        async with control.http.get(f"{server.url}/_emulator/events") as stream:
            assert stream.headers["Content-Type"] == "text/event-stream"
            await control.post("/_emulator/users", {"id": 1001, "language_code": "ru"})
            assert await next_event(stream.content) == {
                "type": "user",
                "user": {
                    "id": 1001,
                    "is_bot": False,
                    "first_name": "User 1001",
                    "language_code": "ru",
                },
            }

            await control.post("/_emulator/send", {"user_id": 1001, "text": "/start"})
            said = await next_event(stream.content)
            assert (said["type"], said["chat_id"], said["message"]["text"]) == (
                "message",
                1001,
                "/start",
            )
            assert (said["message"]["from_bot"], said["reply_keyboard"]) == (False, None)

            menu = {"keyboard": [[{"text": "❓ Справка"}]], "is_persistent": True}
            await control.bot("sendMessage", chat_id=1001, text="Меню", reply_markup=menu)
            shown = await next_event(stream.content)
            assert (shown["message"]["from_bot"], shown["reply_keyboard"]) == (True, menu)

            buttons = {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]}
            asked = await control.bot("sendMessage", chat_id=1001, text="?", reply_markup=buttons)
            assert (await next_event(stream.content))["message"]["reply_markup"] == buttons
            _, press = await control.post(
                "/_emulator/press",
                {"user_id": 1001, "message_id": asked["message_id"], "data": "ok"},
            )
            await control.bot(
                "answerCallbackQuery",
                callback_query_id=press["callback_query_id"],
                text="Готово",
                show_alert=True,
            )
            assert await next_event(stream.content) == {
                "type": "callback_answer",
                "user_id": 1001,
                "chat_id": 1001,
                "message_id": asked["message_id"],
                "text": "Готово",
                "show_alert": True,
            }

            await control.bot(
                "editMessageText", chat_id=1001, message_id=asked["message_id"], text="!"
            )
            edited = await next_event(stream.content)
            assert (edited["type"], edited["message"]["text"], edited["message"]["edits"]) == (
                "edit",
                "!",
                1,
            )
            assert edited["message"]["edit_date"] >= asked["date"]

            await server.stop()
            assert await next_event(stream.content) == {"type": "closing"}
            with pytest.raises(EOFError):
                await next_event(stream.content)
    finally:
        await control.http.close()
        await server.stop()
