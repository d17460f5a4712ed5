"""Sending: texts, photos, documents, voice messages, albums, locations and chat actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from playground.emulator.errors import BadRequest
from playground.emulator.methods.formatting import MAX_CAPTION, MAX_TEXT, format_text
from playground.emulator.methods.registry import method
from playground.emulator.params import Params

if TYPE_CHECKING:
    from playground.emulator.methods.emulator import Emulator

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


def _caption(params: Params) -> tuple[str | None, list[dict[str, Any]]]:
    """A photo's or document's caption, optional, read like a text."""
    if not params.has("caption"):
        return None, []
    caption, entities = format_text(
        params.text("caption"), params.text("parse_mode"), MAX_CAPTION, "message caption"
    )
    return caption, entities


@method("sendMessage")
async def send_message(api: Emulator, params: Params) -> Any:
    text, entities = format_text(
        params.text("text"), params.text("parse_mode"), MAX_TEXT, "message text"
    )
    chat = api._target(params, sending=True)
    return api._send(chat, params, text=text, html=params.text("text"), entities=entities).to_api()


@method("sendPhoto")
async def send_photo(api: Emulator, params: Params) -> Any:
    caption, entities = _caption(params)
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
    caption, entities = _caption(params)
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


_KIND_NAMES = {"photos": "Photo", "documents": "Document", "music": "Audio", "stickers": "Sticker"}


@method("sendVoice")
async def send_voice(api: Emulator, params: Params) -> Any:
    """A voice message: an upload (OGG/Opus, MP3 or M4A) or the ``file_id`` of a voice
    message; the file of a photo, a video note or a document is refused, as Telegram does."""
    caption, entities = _caption(params)
    duration = params.integer("duration")
    if duration is not None and duration < 0:
        raise BadRequest("Bad Request: invalid duration specified")
    chat = api._target(params, sending=True)
    stored = api._file(params, "voice", "voice", default_mime="audio/ogg")
    kind = stored.file_path.partition("/")[0]
    if kind != "voice":
        name = _KIND_NAMES.get(kind, kind.rstrip("s").replace("_", " ").title().replace(" ", ""))
        raise BadRequest(f"Bad Request: can't use file of type {name} as Voice")
    voice: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "duration": duration if duration is not None else _duration_of(api, stored.file_id),
        "mime_type": stored.mime_type or "audio/ogg",
        "file_size": stored.file_size,
    }
    return api._send(
        chat, params, caption=caption, caption_entities=entities, extra={"voice": voice}
    ).to_api()


def _duration_of(api: Emulator, file_id: str) -> int:
    """The duration a voice message with this file was sent with (0 when none is known)."""
    for messages in api.messages.values():
        for message in messages:
            voice = message.extra.get("voice")
            if voice and voice.get("file_id") == file_id:
                return int(voice.get("duration", 0))
    return 0


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
            caption, entities = format_text(
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


@method("sendChatAction")
async def send_chat_action(api: Emulator, params: Params) -> Any:
    api._target(params, sending=False)
    if params.text("action") not in _CHAT_ACTIONS:
        raise BadRequest("Bad Request: wrong parameter action in request")
    return True
