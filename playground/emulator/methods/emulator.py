"""The emulated Bot API for one bot: a request is looked up among the registered methods
(the other modules of this package), may meet an injected fault, then is answered; the
helpers the methods share find the chat, send, edit and take files."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from playground.emulator.actions import UserActions
from playground.emulator.errors import (
    BOT_BLOCKED,
    CANT_INITIATE,
    BadRequest,
    BotApiError,
    Forbidden,
)
from playground.emulator.markup import validate_markup
from playground.emulator.methods.registry import METHODS
from playground.emulator.params import Params
from playground.emulator.state import Chat, Message, StoredFile

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and "
    "reply markup are exactly the same as a current content and reply markup of "
    "the message"
)


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
        self.activity.bump()
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
            self.activity.bump()

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

    def _replied(self, chat: Chat, params: Params) -> Message | None:
        """The message a sent one replies to (``reply_parameters``, or the older
        ``reply_to_message_id``), as Telegram finds it."""
        wanted = params.obj("reply_parameters") or {}
        if not isinstance(wanted, dict):
            raise BadRequest("Bad Request: can't parse reply parameters JSON object")
        message_id = wanted.get("message_id", params.integer("reply_to_message_id"))
        if message_id is None:
            return None
        if wanted.get("chat_id") not in (None, chat.id):
            raise BadRequest("Bad Request: replies to other chats are not supported here")
        replied = self.find(chat.id, int(message_id))
        if replied is None or replied.deleted:
            if wanted.get("allow_sending_without_reply") or params.flag(
                "allow_sending_without_reply"
            ):
                return None
            raise BadRequest("Bad Request: message to be replied not found")
        return replied

    def _send(self, chat: Chat, params: Params, **content: Any) -> Message:
        reply_to = self._replied(chat, params)
        if reply_to is not None:
            content["reply_to"] = reply_to
        markup = validate_markup(params.obj("reply_markup"), private=chat.private)
        if markup is not None:
            if "keyboard" in markup:
                chat.reply_keyboard = markup
            elif markup.get("remove_keyboard"):
                chat.reply_keyboard = None
        return self.add_message(chat, self.bot, reply_markup=markup, **content)

    def _file(
        self, params: Params, name: str, kind: str, *, default_mime: str | None = None
    ) -> StoredFile:
        upload = params.uploads.get(name)
        reference = params.text(name)
        if upload is None and reference and reference.startswith("attach://"):
            upload = params.uploads.get(reference.removeprefix("attach://"))
        if upload is not None:
            if not upload.data:
                raise BadRequest("Bad Request: file must be non-empty")
            mime_type = upload.content_type
            if mime_type in (None, "application/octet-stream"):
                mime_type = default_mime
            return self.store_file(
                upload.data, kind=kind, file_name=upload.file_name, mime_type=mime_type
            )
        if not reference and name not in params.uploads:
            raise BadRequest(f"Bad Request: there is no {name} in the request")
        if reference and reference in self.files:
            return self.files[reference]
        raise BadRequest("Bad Request: wrong file identifier/HTTP URL specified")

    def _edit(self, message: Message, **changes: Any) -> Message:
        for key in ("entities", "caption_entities"):
            if key in changes:
                changes[key] = self.mentioned(changes[key])
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
