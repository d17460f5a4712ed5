"""Changing what was sent: editing a text, a caption or the buttons, deleting a message,
and answering a button press."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from playground.emulator.errors import BadRequest
from playground.emulator.markup import validate_markup
from playground.emulator.methods.formatting import MAX_CAPTION, MAX_TEXT, format_text
from playground.emulator.methods.registry import method
from playground.emulator.params import Params

if TYPE_CHECKING:
    from playground.emulator.methods.emulator import Emulator

MAX_ALERT = 200


@method("editMessageText")
async def edit_message_text(api: Emulator, params: Params) -> Any:
    message = api._editable(params)
    if message.text is None:
        raise BadRequest("Bad Request: there is no text in the message to edit")
    text, entities = format_text(
        params.text("text"), params.text("parse_mode"), MAX_TEXT, "message text"
    )
    markup = validate_markup(params.obj("reply_markup"), private=message.chat.private, edit=True)
    return api._edit(message, text=text, entities=entities, reply_markup=markup).to_api()


@method("editMessageCaption")
async def edit_message_caption(api: Emulator, params: Params) -> Any:
    message = api._editable(params)
    if message.text is not None:
        raise BadRequest("Bad Request: there is no caption in the message to edit")
    caption, entities = format_text(
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
        chat_id=query["chat_id"],
        message_id=query["message_id"],
        text=text,
        show_alert=params.flag("show_alert"),
    )
    return True
