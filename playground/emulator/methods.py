"""The Bot API methods Kenes uses, answered the way Telegram answers them."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from playground.emulator.actions import UserActions
from playground.emulator.errors import (
    BOT_BLOCKED,
    CANT_INITIATE,
    BadRequest,
    BotApiError,
    Forbidden,
)
from playground.emulator.html import EntityParseError, parse_html, utf16_len
from playground.emulator.markup import validate_markup
from playground.emulator.params import Params
from playground.emulator.state import Chat, Message, StoredFile

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_ALERT = 200
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and "
    "reply markup are exactly the same as a current content and reply markup of "
    "the message"
)

Handler = Callable[["Emulator", Params], Awaitable[Any]]
METHODS: dict[str, Handler] = {}


def method(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        METHODS[name.lower()] = handler
        return handler

    return register


def _format(
    text: str | None, parse_mode: str | None, limit: int, what: str
) -> tuple[str, list[dict[str, Any]]]:
    """The text a person sees and its entities, or Telegram's refusal."""
    if text is None or not text.strip():
        raise BadRequest(f"Bad Request: {what} is empty")
    if parse_mode is None or parse_mode == "":
        plain, entities = text, list[dict[str, Any]]()
    elif parse_mode.lower() == "html":
        try:
            plain, entities = parse_html(text)
        except EntityParseError as error:
            raise BadRequest(str(error)) from None
    else:
        raise BadRequest(f"Bad Request: unsupported parse_mode {parse_mode!r} in this emulator")
    if not plain.strip():
        raise BadRequest(f"Bad Request: {what} is empty")
    if utf16_len(plain) > limit:
        raise BadRequest(
            "Bad Request: message is too long"
            if what == "message text"
            else "Bad Request: message caption is too long"
        )
    return plain, entities


class Emulator(UserActions):
    """A Telegram Bot API for one bot, with the people who talk to it."""

    async def call(self, method_name: str, params: Params) -> Any:
        handler = METHODS.get(method_name.lower())
        if handler is None:
            raise BotApiError(404, "Not Found: method not found")
        waiting = method_name.lower() == "getupdates"  # a long poll is not work under way
        if waiting and self.first_poll_at is None:
            self.first_poll_at = time.monotonic()
        self.active_requests += 0 if waiting else 1
        try:
            self.requests.append((method_name, dict(params.values)))
            chat_id = params.integer("chat_id") if params.has("chat_id") else None
            fault = self.faults.take(method_name, chat_id)
            if fault is not None:
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                error = fault.error()
                if error is not None:
                    raise error
            return await handler(self, params)
        finally:
            self.active_requests -= 0 if waiting else 1

    # -- helpers ----------------------------------------------------------------------
    def _target(self, params: Params, *, sending: bool) -> Chat:
        chat_id = params.chat_id()
        chat = self.chats.get(chat_id)
        if chat is None:
            user = self.users.get(chat_id)
            if user is not None and not user.started:
                raise Forbidden(CANT_INITIATE)
            raise BadRequest("Bad Request: chat not found")
        if chat.private:
            user = self.users[chat.id]
            if user.blocked:
                raise Forbidden(BOT_BLOCKED)
            if not user.started:
                raise Forbidden(CANT_INITIATE)
        if sending:
            self.limiter.check(chat.id, chat.private)
        return chat

    def _editable(self, params: Params) -> Message:
        if params.has("inline_message_id"):
            raise BadRequest("Bad Request: inline messages are not supported here")
        chat = self._target(params, sending=False)
        message = self.find(chat.id, params.integer("message_id", required=True) or 0)
        if message is None or message.deleted:
            raise BadRequest("Bad Request: message to edit not found")
        if not message.from_bot:
            raise BadRequest("Bad Request: message can't be edited")
        return message

    def _send(self, chat: Chat, params: Params, **content: Any) -> Message:
        markup = validate_markup(params.obj("reply_markup"), private=chat.private)
        if markup is not None:
            if "keyboard" in markup:
                chat.reply_keyboard = markup
            elif markup.get("remove_keyboard"):
                chat.reply_keyboard = None
        return self.add_message(chat, self.bot, reply_markup=markup, **content)

    def _file(self, params: Params, name: str, kind: str) -> StoredFile:
        upload = params.uploads.get(name)
        reference = params.text(name)
        if upload is None and reference and reference.startswith("attach://"):
            upload = params.uploads.get(reference.removeprefix("attach://"))
        if upload is not None:
            if not upload.data:
                raise BadRequest("Bad Request: file must be non-empty")
            return self.store_file(
                upload.data, kind=kind, file_name=upload.file_name, mime_type=upload.content_type
            )
        if reference and reference in self.files:
            return self.files[reference]
        raise BadRequest("Bad Request: wrong file identifier/HTTP URL specified")

    def _edit(self, message: Message, **changes: Any) -> Message:
        before = message.snapshot()
        after = before | changes
        if after == before:
            raise BadRequest(_NOT_MODIFIED)
        message.edits.append(before)
        for key, value in changes.items():
            setattr(message, key, value)
        message.edit_date = int(time.time())
        self.emit("edit", message)
        return message


@method("getMe")
async def get_me(api: Emulator, params: Params) -> Any:
    return api.bot.to_api() | {
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


@method("getUpdates")
async def get_updates(api: Emulator, params: Params) -> Any:
    if api.webhook is not None:
        raise BotApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    allowed = params.obj("allowed_updates")
    if allowed is not None:
        api.allowed_updates = list(allowed)
    limit = max(1, min(100, params.integer("limit") or 100))
    return await api.poll(params.integer("offset"), limit, float(params.integer("timeout") or 0))


@method("sendMessage")
async def send_message(api: Emulator, params: Params) -> Any:
    text, entities = _format(
        params.text("text"), params.text("parse_mode"), MAX_TEXT, "message text"
    )
    chat = api._target(params, sending=True)
    return api._send(chat, params, text=text, html=params.text("text"), entities=entities).to_api()


@method("sendPhoto")
async def send_photo(api: Emulator, params: Params) -> Any:
    caption: str | None = None
    entities: list[dict[str, Any]] = []
    if params.has("caption"):
        caption, entities = _format(
            params.text("caption"), params.text("parse_mode"), MAX_CAPTION, "message caption"
        )
    chat = api._target(params, sending=True)
    stored = api._file(params, "photo", "photos")
    photo = [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": 1280,
            "height": 960,
            "file_size": stored.file_size,
        }
    ]
    return api._send(
        chat, params, caption=caption, caption_entities=entities, extra={"photo": photo}
    ).to_api()


@method("sendDocument")
async def send_document(api: Emulator, params: Params) -> Any:
    caption: str | None = None
    entities: list[dict[str, Any]] = []
    if params.has("caption"):
        caption, entities = _format(
            params.text("caption"), params.text("parse_mode"), MAX_CAPTION, "message caption"
        )
    chat = api._target(params, sending=True)
    stored = api._file(params, "document", "documents")
    document = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": stored.file_name or "file",
        "file_size": stored.file_size,
    }
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return api._send(
        chat, params, caption=caption, caption_entities=entities, extra={"document": document}
    ).to_api()


@method("sendMediaGroup")
async def send_media_group(api: Emulator, params: Params) -> Any:
    media = params.obj("media")
    if not isinstance(media, list) or not 2 <= len(media) <= 10:
        raise BadRequest("Bad Request: wrong number of media in the album (2 to 10)")
    chat = api._target(params, sending=True)
    sent = []
    for item in media:
        kind = item.get("type")
        if kind not in ("photo", "document"):
            raise BadRequest(f"Bad Request: unsupported media type {kind!r} in this emulator")
        item_params = Params({kind: item.get("media")}, params.uploads)
        stored = api._file(item_params, kind, "photos" if kind == "photo" else "documents")
        caption: str | None = None
        entities: list[dict[str, Any]] = []
        if item.get("caption"):
            caption, entities = _format(
                item["caption"], item.get("parse_mode"), MAX_CAPTION, "message caption"
            )
        extra = {
            kind: [
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": 1280,
                    "height": 960,
                    "file_size": stored.file_size,
                }
            ]
            if kind == "photo"
            else {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        }
        message = api.add_message(
            chat, api.bot, caption=caption, caption_entities=entities, extra=extra
        )
        sent.append(message.to_api())
    return sent


@method("sendLocation")
async def send_location(api: Emulator, params: Params) -> Any:
    latitude, longitude = params.number("latitude"), params.number("longitude")
    if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
        raise BadRequest("Bad Request: wrong latitude or longitude")
    chat = api._target(params, sending=True)
    location = {"latitude": latitude, "longitude": longitude}
    return api._send(chat, params, extra={"location": location}).to_api()


@method("editMessageText")
async def edit_message_text(api: Emulator, params: Params) -> Any:
    message = api._editable(params)
    if message.text is None:
        raise BadRequest("Bad Request: there is no text in the message to edit")
    text, entities = _format(
        params.text("text"), params.text("parse_mode"), MAX_TEXT, "message text"
    )
    markup = validate_markup(params.obj("reply_markup"), private=message.chat.private, edit=True)
    return api._edit(message, text=text, entities=entities, reply_markup=markup).to_api()


@method("editMessageCaption")
async def edit_message_caption(api: Emulator, params: Params) -> Any:
    message = api._editable(params)
    if message.text is not None:
        raise BadRequest("Bad Request: there is no caption in the message to edit")
    caption, entities = _format(
        params.text("caption"), params.text("parse_mode"), MAX_CAPTION, "message caption"
    )
    markup = validate_markup(params.obj("reply_markup"), private=message.chat.private, edit=True)
    return api._edit(
        message, caption=caption, caption_entities=entities, reply_markup=markup
    ).to_api()


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(api: Emulator, params: Params) -> Any:
    message = api._editable(params)
    markup = validate_markup(params.obj("reply_markup"), private=message.chat.private, edit=True)
    if markup is not None and not markup.get("inline_keyboard"):
        markup = None
    return api._edit(message, reply_markup=markup).to_api()


@method("deleteMessage")
async def delete_message(api: Emulator, params: Params) -> Any:
    chat = api._target(params, sending=False)
    message = api.find(chat.id, params.integer("message_id", required=True) or 0)
    if message is None or message.deleted:
        raise BadRequest("Bad Request: message to delete not found")
    message.deleted = True
    api.emit("delete", message)
    return True


@method("answerCallbackQuery")
async def answer_callback_query(api: Emulator, params: Params) -> Any:
    query = api.callbacks.get(params.text("callback_query_id") or "")
    too_old = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    if query is None or query["answer"] is not None:
        raise BadRequest(too_old)
    if time.monotonic() - query["at"] > api.callback_timeout:
        raise BadRequest(too_old)
    text = params.text("text")
    if text is not None and len(text) > MAX_ALERT:
        raise BadRequest("Bad Request: MESSAGE_TOO_LONG")
    query["answer"] = {"text": text, "show_alert": params.flag("show_alert")}
    api.emit(
        "callback_answer",
        user_id=query["user_id"],
        text=text,
        show_alert=params.flag("show_alert"),
    )
    return True


@method("sendChatAction")
async def send_chat_action(api: Emulator, params: Params) -> Any:
    api._target(params, sending=False)
    if params.text("action") not in _CHAT_ACTIONS:
        raise BadRequest("Bad Request: wrong parameter action in request")
    return True


@method("getFile")
async def get_file(api: Emulator, params: Params) -> Any:
    stored = api.files.get(params.text("file_id") or "")
    if stored is None:
        raise BadRequest("Bad Request: invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.file_size,
        "file_path": stored.file_path,
    }


@method("setMyCommands")
async def set_my_commands(api: Emulator, params: Params) -> Any:
    commands = params.obj("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise BadRequest("Bad Request: commands must be a list of at most 100 commands")
    for command in commands:
        if not _COMMAND.match(str(command.get("command", ""))):
            raise BadRequest("Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise BadRequest("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
    scope = params.obj("scope") or {"type": "default"}
    api.commands[(scope.get("type", "default"), params.text("language_code") or "")] = commands
    return True


@method("getMyCommands")
async def get_my_commands(api: Emulator, params: Params) -> Any:
    scope = params.obj("scope") or {"type": "default"}
    return api.commands.get((scope.get("type", "default"), params.text("language_code") or ""), [])


@method("deleteMyCommands")
async def delete_my_commands(api: Emulator, params: Params) -> Any:
    scope = params.obj("scope") or {"type": "default"}
    api.commands.pop((scope.get("type", "default"), params.text("language_code") or ""), None)
    return True


@method("setWebhook")
async def set_webhook(api: Emulator, params: Params) -> Any:
    url = params.text("url") or ""
    if not url:
        api.delete_webhook()
        return True
    if not re.match(r"^https?://", url):
        raise BadRequest("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.text("secret_token")
    if secret is not None and not _SECRET.match(secret):
        raise BadRequest("Bad Request: secret token contains unallowed characters")
    if params.flag("drop_pending_updates"):
        api.pending.clear()
    allowed = params.obj("allowed_updates")
    if allowed is not None:
        api.allowed_updates = list(allowed)
    api.set_webhook(url, secret, params.integer("max_connections") or 40)
    return True


@method("deleteWebhook")
async def delete_webhook(api: Emulator, params: Params) -> Any:
    api.delete_webhook()
    if params.flag("drop_pending_updates"):
        api.pending.clear()
    return True


@method("getWebhookInfo")
async def get_webhook_info(api: Emulator, params: Params) -> Any:
    return {
        "url": api.webhook["url"] if api.webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(api.pending),
    }


@method("getChat")
async def get_chat(api: Emulator, params: Params) -> Any:
    chat = api.chats.get(params.chat_id())
    if chat is None:
        raise BadRequest("Bad Request: chat not found")
    return chat.to_api() | {"accent_color_id": 0, "max_reaction_count": 11}
