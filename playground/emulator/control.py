"""The control API, acting side: people and groups, what people send, button presses,
blocking, injected faults. All JSON; a wrong request gets a 400 (or 404) naming the field.

``POST /_emulator/users`` creates a person (``id`` optional: the next free one), ``POST
/_emulator/groups`` a group, ``POST /_emulator/send`` (``kind``: text, photo, location,
sticker, voice, video_note, audio, document; ``duration`` in seconds for the last three but
document) sends as a person, ``POST /_emulator/press`` presses an inline
button, ``POST /_emulator/block`` blocks (or unblocks) the bot, ``POST|DELETE
/_emulator/faults`` injects or clears faults. Reading is in :mod:`playground.emulator.observe`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from aiohttp import web

from playground.emulator import fields
from playground.emulator.actions import TINY_JPEG
from playground.emulator.errors import BotApiError
from playground.emulator.fields import ControlError
from playground.emulator.limits import Fault

if TYPE_CHECKING:
    from playground.emulator.methods import Emulator
    from playground.emulator.state import Chat, Message, User

routes = web.RouteTableDef()
KINDS = ("text", "photo", "location", "sticker", "voice", "video_note", "audio", "document")
MAX_DURATION = 24 * 60 * 60  # seconds: far beyond anything a person records
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


def emulator_of(request: web.Request) -> Emulator:
    from playground.emulator.server import EMULATOR_KEY

    return request.app[EMULATOR_KEY]


def reply(payload: Any, status: int = 200) -> web.Response:
    return web.json_response(payload, status=status, dumps=fields.dumps)


def person(emulator: Emulator, user_id: int) -> User:
    user = emulator.users.get(user_id)
    if user is None or user.is_bot:
        raise ControlError(f"no person {user_id}: create them with POST /_emulator/users", 404)
    return user


def _chat(emulator: Emulator, user: User, body: dict[str, Any]) -> Chat:
    chat_id = fields.optional_integer(body, "chat_id")
    if chat_id is None or chat_id == user.id:
        return emulator.private_chat(user)
    chat = emulator.chats.get(chat_id)
    if chat is None or chat.private:
        raise ControlError(f"no group {chat_id}", 404)
    if user.id not in chat.members:
        raise ControlError(f"person {user.id} is not a member of group {chat_id}", 403)
    return chat


@routes.post("/_emulator/users")
async def add_user(request: web.Request) -> web.Response:
    body = await fields.json_body(request)
    emulator = emulator_of(request)
    user_id = fields.optional_integer(body, "id")
    if user_id is None:
        user_id = emulator.free_user_id()
    if user_id <= 0 or user_id == emulator.bot.id:
        raise ControlError("id must be a positive integer other than the bot's")
    language_code = fields.text(body, "language_code", limit=35)
    if language_code is not None and not _LANGUAGE_CODE.match(language_code):
        raise ControlError("language_code must be an IETF language tag such as kk or ru")
    username = fields.text(body, "username", limit=32)
    if username is not None and not _USERNAME.match(username):
        raise ControlError("username must be 4-32 letters, digits or _, starting with a letter")
    first_name = fields.text(body, "first_name", limit=64)
    if first_name is not None and not first_name.strip():
        raise ControlError("first_name must not be empty")
    user = emulator.user(
        user_id, first_name=first_name, language_code=language_code, username=username
    )
    return reply(user.to_api())


@routes.post("/_emulator/groups")
async def add_group(request: web.Request) -> web.Response:
    body = await fields.json_body(request)
    emulator = emulator_of(request)
    chat_id = fields.integer(body, "id")
    if chat_id >= 0:
        raise ControlError("id of a group must be negative, e.g. -1001234567890")
    ids = fields.integer_list(body, "members")
    for member in ids:
        person(emulator, member)
    title = fields.text(body, "title", limit=128) or "Group"
    existing = emulator.chats.get(chat_id)
    if existing is not None and existing.private:
        raise ControlError(f"{chat_id} is a private chat")
    return reply(emulator.group(chat_id, title, ids).to_api())


def _replied(emulator: Emulator, user: User, chat: Chat, body: dict[str, Any]) -> Message | None:
    """What the message replies to: ``reply_to_message_id``, else (as a Telegram app does)
    the bot's question whose ForceReply opened a reply for this person, if any."""
    wanted = fields.optional_integer(body, "reply_to_message_id")
    if wanted is None:  # the app opens the reply once: until the person sends something
        asked = emulator.force_reply_prompt(chat.id, user.id)
        history = emulator.history(chat.id)
        later = history[history.index(asked) + 1 :] if asked is not None else []
        return None if any(m.sender.id == user.id for m in later) else asked
    found = emulator.find(chat.id, wanted)
    if found is None or found.deleted:
        raise ControlError(f"no message {wanted} in chat {chat.id}")
    return found


def _send(emulator: Emulator, user: User, chat: Chat, body: dict[str, Any]) -> Message:
    kind = fields.choice(body, "kind", KINDS, "text")
    chat_id = None if chat.private else chat.id
    if kind == "text":
        text = fields.text(body, "text", required=True) or ""
        reply_to = _replied(emulator, user, chat, body)
        return emulator.send_text(user.id, text, chat_id=chat_id, reply_to=reply_to)
    if kind == "photo":
        caption = fields.text(body, "caption", limit=1024)
        data, mime_type = fields.photo(body) or (TINY_JPEG, "image/jpeg")
        return emulator.send_photo(
            user.id,
            data,
            caption=caption or None,
            chat_id=chat_id,
            mime_type=mime_type,
            reply_to=_replied(emulator, user, chat, body),
        )
    if kind == "location":
        latitude = fields.number(body, "latitude", 90)
        longitude = fields.number(body, "longitude", 180)
        return emulator.send_location(user.id, latitude, longitude, chat_id=chat_id)
    if kind == "sticker":
        return emulator.send_sticker(user.id, chat_id=chat_id)
    if kind in ("voice", "video_note", "audio"):
        duration = fields.integer(body, "duration", 3)
        if not 0 <= duration <= MAX_DURATION:
            raise ControlError(f"duration must be 0 to {MAX_DURATION} seconds")
        if kind == "voice":
            caption = fields.text(body, "caption", limit=1024)
            return emulator.send_voice(
                user.id, duration=duration, caption=caption or None, chat_id=chat_id
            )
        if kind == "video_note":
            return emulator.send_video_note(user.id, duration=duration, chat_id=chat_id)
        return emulator.send_audio(user.id, duration=duration, chat_id=chat_id)
    return emulator.send_document(user.id, chat_id=chat_id)


@routes.post("/_emulator/send")
async def send(request: web.Request) -> web.Response:
    body = await fields.json_body(request)
    emulator = emulator_of(request)
    user = person(emulator, fields.integer(body, "user_id"))
    message = _send(emulator, user, _chat(emulator, user, body), body)
    return reply(message.view())


@routes.post("/_emulator/press")
async def press(request: web.Request) -> web.Response:
    body = await fields.json_body(request)
    emulator = emulator_of(request)
    user = person(emulator, fields.integer(body, "user_id"))
    chat = _chat(emulator, user, body)
    message_id = fields.integer(body, "message_id")
    message = emulator.find(chat.id, message_id)
    if message is None:
        raise ControlError(f"no message {message_id} in chat {chat.id}", 404)
    data = fields.text(body, "data", limit=64)
    forged = bool(body.get("forged"))
    try:
        if data is None:
            label = fields.text(body, "text", required=True) or ""
            data = str(message.button(label).get("callback_data"))
        query_id = emulator.press(user.id, message, data, forged=forged)
    except LookupError as error:
        raise ControlError(str(error)) from None
    except BotApiError as error:  # a message without buttons
        raise ControlError(error.description) from None
    return reply({"callback_query_id": query_id})


@routes.post("/_emulator/block")
async def block(request: web.Request) -> web.Response:
    body = await fields.json_body(request)
    emulator = emulator_of(request)
    user = person(emulator, fields.integer(body, "user_id"))
    (emulator.unblock if body.get("unblock") else emulator.block)(user.id)
    return reply({"ok": True})


@routes.post("/_emulator/faults")
async def add_fault(request: web.Request) -> web.Response:
    body = await fields.json_body(request)
    fault = Fault(
        method=fields.text(body, "method", limit=64),
        status=fields.integer(body, "status", 0),
        retry_after=fields.integer(body, "retry_after", 1),
        delay=fields.number(body, "delay", 600) if "delay" in body else 0.0,
        count=fields.integer(body, "count", 1),
        chat_id=fields.optional_integer(body, "chat_id"),
        description=fields.text(body, "description", limit=256),
    )
    emulator_of(request).faults.add(fault)
    return reply({"ok": True})


@routes.delete("/_emulator/faults")
async def clear_faults(request: web.Request) -> web.Response:
    emulator_of(request).faults.clear()
    return reply({"ok": True})
