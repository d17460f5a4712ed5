"""The emulator's control API over HTTP, as the web playground uses it: people, groups,
sending (photos from disk included), presses, chats, files, command menus, and strict
refusals (400/403/404 naming the field, never a 500)."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from playground.emulator import DEFAULT_TOKEN, Emulator, EmulatorServer, Limits
from playground.runner import emulator_server
from tests.pictures import png

GROUP = -1001000000001


class Control:
    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http = http
        self.url = url

    async def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        headers = {"Content-Type": "application/json"}
        kwargs: dict[str, Any] = {} if body is None else {"data": data, "headers": headers}
        async with self.http.request(method, self.url + path, **kwargs) as response:
            return response.status, await response.json(content_type=None)

    async def post(self, path: str, body: Any) -> tuple[int, Any]:
        return await self.call("POST", path, body)

    async def get(self, path: str) -> tuple[int, Any]:
        return await self.call("GET", path)

    async def bot(self, method: str, **params: Any) -> Any:
        async with self.http.post(f"{self.url}/bot{DEFAULT_TOKEN}/{method}", json=params) as r:
            payload = await r.json()
        assert payload["ok"], payload
        return payload["result"]


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(limits=Limits(per_bot=None))


@pytest.fixture
async def control(emulator: Emulator) -> AsyncIterator[Control]:
    async with emulator_server(emulator) as server, aiohttp.ClientSession() as http:
        yield Control(http, server.url)


async def test_people_get_the_next_free_id_and_are_listed(control: Control) -> None:
    assert await control.post("/_emulator/users", {"language_code": "kk"}) == (
        200,
        {"id": 1001, "is_bot": False, "first_name": "User 1001", "language_code": "kk"},
    )
    await control.post("/_emulator/users", {"id": 1002, "first_name": "Ольга"})
    status, third = await control.post("/_emulator/users", {"language_code": "ru"})

    assert (status, third["id"]) == (200, 1003)
    assert await control.get("/_emulator/users") == (
        200,
        {
            "users": [
                {
                    "id": 1001,
                    "is_bot": False,
                    "first_name": "User 1001",
                    "language_code": "kk",
                    "started": False,
                    "blocked": False,
                },
                {
                    "id": 1002,
                    "is_bot": False,
                    "first_name": "Ольга",
                    "started": False,
                    "blocked": False,
                },
                {
                    "id": 1003,
                    "is_bot": False,
                    "first_name": "User 1003",
                    "language_code": "ru",
                    "started": False,
                    "blocked": False,
                },
            ]
        },
    )


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("not json", "the body must be a JSON object"),
        ("[1, 2]", "the body must be a JSON object"),
        ({"id": "abc"}, "id must be an integer"),
        ({"id": -5}, "id must be a positive integer other than the bot's"),
        ({"id": 7000000001}, "id must be a positive integer other than the bot's"),
        (
            {"language_code": "Kazakh!"},
            "language_code must be an IETF language tag such as kk or ru",
        ),
        ({"first_name": "   "}, "first_name must not be empty"),
        ({"first_name": "x" * 65}, "first_name is longer than 64 characters"),
        (
            {"username": "a b"},
            "username must be 4-32 letters, digits or _, starting with a letter",
        ),
    ],
)
async def test_a_wrong_person_is_refused_with_the_reason(
    control: Control, body: Any, error: str
) -> None:
    assert await control.post("/_emulator/users", body) == (400, {"error": error})


async def test_groups_need_a_negative_id_and_known_members(control: Control) -> None:
    await control.post("/_emulator/users", {"id": 9001})

    assert await control.post("/_emulator/groups", {"id": 5, "title": "x"}) == (
        400,
        {"error": "id of a group must be negative, e.g. -1001234567890"},
    )
    assert await control.post("/_emulator/groups", {"id": GROUP, "members": [9002]}) == (
        404,
        {"error": "no person 9002: create them with POST /_emulator/users"},
    )
    status, _ = await control.post(
        "/_emulator/groups", {"id": GROUP, "title": "Модераторлар", "members": [9001]}
    )
    assert status == 200
    assert await control.get("/_emulator/chats") == (
        200,
        {
            "chats": [
                {
                    "id": GROUP,
                    "type": "supergroup",
                    "title": "Модераторлар",
                    "members": [9001],
                    "messages": 0,
                }
            ]
        },
    )


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
            "kind must be one of: text, photo, location, sticker, voice, document",
        ),
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
        {"error": "chat_id must be an integer"},
    )


async def test_blocking_and_faults_are_checked_too(control: Control, emulator: Emulator) -> None:
    assert await control.post("/_emulator/block", {"user_id": 31}) == (
        404,
        {"error": "no person 31: create them with POST /_emulator/users"},
    )
    assert await control.post("/_emulator/faults", {"status": "often"}) == (
        400,
        {"error": "status must be an integer"},
    )
    assert await control.post(
        "/_emulator/faults", {"method": "sendMessage", "status": 500, "count": 2}
    ) == (200, {"ok": True})
    assert [(f.method, f.status, f.count) for f in emulator.faults.pending] == [
        ("sendMessage", 500, 2)
    ]


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

            menu = {"keyboard": [[{"text": "❓ Помощь"}]], "is_persistent": True}
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
