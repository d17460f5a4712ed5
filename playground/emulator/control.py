"""The control API: act as people, read what the bot sent, inject faults, watch live.

All JSON. ``POST /_emulator/users`` creates a person, ``POST /_emulator/send`` (``kind``:
text, photo, location, sticker, voice, document) sends as them, ``POST /_emulator/press``
presses an inline button, ``GET /_emulator/chats/{id}`` reads a chat, ``POST
/_emulator/faults`` injects faults, ``GET /_emulator/events`` streams events (SSE).
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from playground.emulator.actions import TINY_JPEG
from playground.emulator.limits import Fault

if TYPE_CHECKING:
    from playground.emulator.methods import Emulator

routes = web.RouteTableDef()


def _emulator(request: web.Request) -> Emulator:
    from playground.emulator.server import EMULATOR_KEY

    return request.app[EMULATOR_KEY]


def _json(payload: Any, status: int = 200) -> web.Response:
    return web.json_response(
        payload, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False)
    )


@routes.post("/_emulator/users")
async def add_user(request: web.Request) -> web.Response:
    body = await request.json()
    user = _emulator(request).user(
        int(body["id"]),
        first_name=body.get("first_name"),
        language_code=body.get("language_code"),
        username=body.get("username"),
    )
    return _json(user.to_api())


@routes.post("/_emulator/groups")
async def add_group(request: web.Request) -> web.Response:
    body = await request.json()
    chat = _emulator(request).group(
        int(body["id"]), body.get("title", "Group"), [int(m) for m in body.get("members", [])]
    )
    return _json(chat.to_api())


@routes.post("/_emulator/send")
async def send(request: web.Request) -> web.Response:
    body = await request.json()
    emulator = _emulator(request)
    user_id, chat_id = int(body["user_id"]), body.get("chat_id")
    chat_id = int(chat_id) if chat_id is not None else None
    kind = body.get("kind", "text")
    if kind == "text":
        message = emulator.send_text(user_id, str(body["text"]), chat_id=chat_id)
    elif kind == "photo":
        data = base64.b64decode(body["data"]) if body.get("data") else TINY_JPEG
        message = emulator.send_photo(user_id, data, caption=body.get("caption"), chat_id=chat_id)
    elif kind == "location":
        message = emulator.send_location(
            user_id, float(body["latitude"]), float(body["longitude"]), chat_id=chat_id
        )
    elif kind == "sticker":
        message = emulator.send_sticker(user_id, chat_id=chat_id)
    elif kind == "voice":
        message = emulator.send_voice(user_id, chat_id=chat_id)
    elif kind == "document":
        message = emulator.send_document(user_id, chat_id=chat_id)
    else:
        return _json({"error": f"unknown kind {kind!r}"}, 400)
    return _json(message.view())


@routes.post("/_emulator/press")
async def press(request: web.Request) -> web.Response:
    body = await request.json()
    emulator = _emulator(request)
    user_id = int(body["user_id"])
    chat_id = int(body.get("chat_id") or user_id)
    message = emulator.find(chat_id, int(body["message_id"]))
    if message is None:
        return _json({"error": "no such message"}, 404)
    data = body.get("data")
    if data is None:
        data = message.button(str(body["text"])).get("callback_data")
    try:
        query_id = emulator.press(user_id, message, str(data), forged=bool(body.get("forged")))
    except LookupError as error:
        return _json({"error": str(error)}, 400)
    return _json({"callback_query_id": query_id})


@routes.post("/_emulator/block")
async def block(request: web.Request) -> web.Response:
    body = await request.json()
    emulator = _emulator(request)
    (emulator.unblock if body.get("unblock") else emulator.block)(int(body["user_id"]))
    return _json({"ok": True})


@routes.get("/_emulator/chats/{chat_id}")
async def read_chat(request: web.Request) -> web.Response:
    emulator = _emulator(request)
    chat_id = int(request.match_info["chat_id"])
    chat = emulator.chats.get(chat_id)
    return _json(
        {
            "messages": [message.view() for message in emulator.history(chat_id)],
            "reply_keyboard": chat.reply_keyboard if chat else None,
        }
    )


@routes.get("/_emulator/files/{file_id}")
async def read_file(request: web.Request) -> web.Response:
    stored = _emulator(request).files.get(request.match_info["file_id"])
    if stored is None:
        return _json({"error": "no such file"}, 404)
    return web.Response(body=stored.data, content_type=stored.mime_type or "image/jpeg")


@routes.post("/_emulator/faults")
async def add_fault(request: web.Request) -> web.Response:
    body = await request.json()
    fault = Fault(
        method=body.get("method"),
        status=int(body.get("status", 0)),
        retry_after=int(body.get("retry_after", 1)),
        delay=float(body.get("delay", 0)),
        count=int(body.get("count", 1)),
        chat_id=body.get("chat_id"),
        description=body.get("description"),
    )
    _emulator(request).faults.add(fault)
    return _json({"ok": True})


@routes.delete("/_emulator/faults")
async def clear_faults(request: web.Request) -> web.Response:
    _emulator(request).faults.clear()
    return _json({"ok": True})


@routes.get("/_emulator/state")
async def state(request: web.Request) -> web.Response:
    emulator = _emulator(request)
    return _json(
        {
            "backlog": emulator.backlog,
            "active_requests": emulator.active_requests,
            "requests": len(emulator.requests),
            "refused_by_limits": emulator.limiter.refused,
            "webhook": emulator.webhook["url"] if emulator.webhook else None,
        }
    )


@routes.get("/_emulator/events")
async def events(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)
    with _emulator(request).listen() as queue:
        while True:
            event = await queue.get()
            data = json.dumps(event, ensure_ascii=False)
            await response.write(f"data: {data}\n\n".encode())


def control_routes() -> web.RouteTableDef:
    return routes
