"""The control API, reading side: people, chats, what the bot sent (with edits and
keyboards), files, counters, and a live stream of events (server-sent events).

``GET /_emulator/users``, ``GET /_emulator/chats``, ``GET /_emulator/chats/{id}``,
``GET /_emulator/commands?chat_id=&language_code=&user_id=`` (the command menu a person
sees), ``GET /_emulator/files/{file_id}`` (``?download=1`` for a download),
``GET /_emulator/state``,
``GET /_emulator/events``: one ``data: {json}`` line per event: ``user`` (a person was
added), ``message``, ``edit``, ``delete`` (with ``chat_id``, ``message`` and the chat's
``reply_keyboard``), ``callback_answer`` (``user_id``, ``chat_id``, ``message_id``, ``text``,
``show_alert``) and ``closing`` (the emulator is stopping).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any
from urllib.parse import quote

from aiohttp import web

from playground.emulator import fields
from playground.emulator.control import emulator_of, reply
from playground.emulator.fields import ControlError
from playground.emulator.state import Chat, User

routes = web.RouteTableDef()
HEARTBEAT_SECONDS = 15.0


def _person(user: User) -> dict[str, Any]:
    return user.to_api() | {"started": user.started, "blocked": user.blocked}


def _chat(chat: Chat, messages: int) -> dict[str, Any]:
    return chat.to_api() | {"members": sorted(chat.members), "messages": messages}


@routes.get("/_emulator/users")
async def list_users(request: web.Request) -> web.Response:
    emulator = emulator_of(request)
    people = [_person(user) for user in emulator.users.values() if not user.is_bot]
    return reply({"users": people})


@routes.get("/_emulator/chats")
async def list_chats(request: web.Request) -> web.Response:
    emulator = emulator_of(request)
    chats = [_chat(chat, len(emulator.history(chat.id))) for chat in emulator.chats.values()]
    return reply({"chats": chats})


@routes.get(r"/_emulator/chats/{chat_id:-?\d+}")
async def read_chat(request: web.Request) -> web.Response:
    """A chat as its people see it; a person who never wrote has an empty private chat."""
    emulator = emulator_of(request)
    chat_id = int(request.match_info["chat_id"])
    chat = emulator.chats.get(chat_id)
    if chat is None:
        user = emulator.users.get(chat_id)
        if user is None or user.is_bot:
            raise ControlError(f"no chat {chat_id}", 404)
        chat = Chat(user.id, "private", first_name=user.first_name, members={user.id})
    return reply(
        {
            "chat": _chat(chat, len(emulator.messages.get(chat_id, []))),
            "messages": [message.view() for message in emulator.messages.get(chat_id, [])],
            "reply_keyboard": chat.reply_keyboard,
        }
    )


@routes.get("/_emulator/commands")
async def read_commands(request: web.Request) -> web.Response:
    """The command menu a person (``user_id``, in a group) sees in a chat, in their app's
    language: the most specific scope set for that chat, as Telegram resolves it."""
    emulator = emulator_of(request)
    try:
        chat_id = int(request.query.get("chat_id", "0"))
        user_id = int(request.query["user_id"]) if request.query.get("user_id") else None
    except ValueError:
        raise ControlError("chat_id and user_id must be integers") from None
    language = request.query.get("language_code", "")
    return reply({"commands": emulator.menu(chat_id, language, user_id=user_id)})


@routes.get("/_emulator/files/{file_id}")
async def read_file(request: web.Request) -> web.Response:
    stored = emulator_of(request).files.get(request.match_info["file_id"])
    if stored is None:
        raise ControlError("no such file", 404)
    name = stored.file_name or stored.file_path.rpartition("/")[2]
    disposition = "attachment" if request.query.get("download") == "1" else "inline"
    return web.Response(
        body=stored.data,
        content_type=stored.mime_type or "application/octet-stream",
        headers={"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(name)}"},
    )


@routes.get("/_emulator/state")
async def state(request: web.Request) -> web.Response:
    emulator = emulator_of(request)
    return reply(
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
    emulator = emulator_of(request)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        }
    )
    with emulator.listen() as queue, contextlib.suppress(ConnectionResetError):
        await response.prepare(request)
        await response.write(b"retry: 1000\n: connected\n\n")
        while not emulator.closing:
            try:
                event = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
            except TimeoutError:
                await response.write(b": ping\n\n")
                continue
            await response.write(f"data: {fields.dumps(event)}\n\n".encode())
            if event["type"] == "closing":
                break
    return response
