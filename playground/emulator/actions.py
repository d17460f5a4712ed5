"""What people do in Telegram, turned into updates for the bot."""

from __future__ import annotations

import time
from typing import Any

from playground.emulator.core import World
from playground.emulator.errors import BadRequest
from playground.emulator.members import Membership
from playground.emulator.state import Message

# A 1x1 JPEG, enough for a photo whose content nobody looks at.
TINY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b"
    "0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e3334"
    "32ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708"
    "090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114"
    "328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748"
    "494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2"
    "a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9"
    "eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9"
)


class UserActions(World, Membership):
    def _from_user(
        self, user_id: int, chat_id: int | None, reply_to: Message | None = None, **content: Any
    ) -> Message:
        user = self.users.get(user_id) or self.user(user_id)
        chat = self.chat_of(user_id, chat_id)
        if reply_to is not None and (reply_to.chat.id != chat.id or reply_to.deleted):
            raise BadRequest("Bad Request: message to be replied not found")
        if reply_to is not None:
            content["reply_to"] = reply_to
        if chat.private:
            user.started = True
            if user.blocked:  # writing to a bot you blocked unblocks it
                self.unblock(user_id)
        message = self.add_message(chat, user, **content)
        self.enqueue("message", message.to_api())
        return message

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        forward_from: int | None = None,
        forward_hidden_name: str | None = None,
        reply_to: Message | None = None,
    ) -> Message:
        entities = []
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            entities.append({"type": "bot_command", "offset": 0, "length": len(command)})
        extra: dict[str, Any] = {}
        if forward_from is not None:
            origin = self.users.get(forward_from) or self.user(forward_from)
            extra["forward_origin"] = {
                "type": "user",
                "sender_user": origin.to_api(),
                "date": int(time.time()),
            }
        elif forward_hidden_name is not None:  # the sender hides their account in forwards
            extra["forward_origin"] = {
                "type": "hidden_user",
                "sender_user_name": forward_hidden_name,
                "date": int(time.time()),
            }
        return self._from_user(
            user_id, chat_id, reply_to, text=text, entities=entities, extra=extra
        )

    def send_photo(
        self,
        user_id: int,
        data: bytes = TINY_JPEG,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        size: int | None = None,
        width: int = 1280,
        height: int = 960,
        mime_type: str | None = None,
        reply_to: Message | None = None,
    ) -> Message:
        thumb = self.store_file(
            data, kind="photos", size=min(len(data), 4096), mime_type=mime_type
        )
        full = self.store_file(data, kind="photos", size=size, mime_type=mime_type)
        photo = [
            {
                "file_id": thumb.file_id,
                "file_unique_id": thumb.file_unique_id,
                "width": 90,
                "height": 68,
                "file_size": thumb.file_size,
            },
            {
                "file_id": full.file_id,
                "file_unique_id": full.file_unique_id,
                "width": width,
                "height": height,
                "file_size": full.file_size,
            },
        ]
        return self._from_user(user_id, chat_id, reply_to, caption=caption, extra={"photo": photo})

    def send_document(
        self,
        user_id: int,
        data: bytes = b"%PDF-1.4\n",
        *,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        chat_id: int | None = None,
    ) -> Message:
        stored = self.store_file(data, kind="documents", file_name=file_name, mime_type=mime_type)
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": stored.file_size,
        }
        return self._from_user(user_id, chat_id, extra={"document": document})

    def send_sticker(self, user_id: int, *, chat_id: int | None = None) -> Message:
        stored = self.store_file(b"RIFF", kind="stickers", file_name="sticker.webp")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return self._from_user(user_id, chat_id, extra={"sticker": sticker})

    def send_voice(
        self,
        user_id: int,
        *,
        duration: int = 3,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> Message:
        """A voice message recorded with the microphone button (OGG/Opus, as Telegram
        delivers it); ``duration`` in whole seconds."""
        data = b"OggS" + bytes(max(0, duration) * 2000)  # about 16 kbit/s of Opus
        stored = self.store_file(data, kind="voice", file_name="voice.oga", mime_type="audio/ogg")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": stored.file_size,
        }
        return self._from_user(user_id, chat_id, caption=caption, extra={"voice": voice})

    def send_video_note(
        self, user_id: int, *, duration: int = 5, chat_id: int | None = None
    ) -> Message:
        """A round video message (no ``mime_type``: Telegram gives none for video notes)."""
        data = b"\x00\x00\x00\x18ftypmp42" + bytes(max(0, duration) * 8000)
        stored = self.store_file(data, kind="video_notes", file_name="video_note.mp4")
        video_note = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "length": 384,
            "duration": duration,
            "file_size": stored.file_size,
        }
        return self._from_user(user_id, chat_id, extra={"video_note": video_note})

    def send_audio(
        self,
        user_id: int,
        *,
        duration: int = 30,
        file_name: str = "recording.mp3",
        mime_type: str = "audio/mpeg",
        title: str | None = None,
        performer: str | None = None,
        chat_id: int | None = None,
    ) -> Message:
        """An audio file (music, a recording shared as a file), shown with a player."""
        data = b"ID3" + bytes(max(0, duration) * 4000)
        stored = self.store_file(data, kind="music", file_name=file_name, mime_type=mime_type)
        audio: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": stored.file_size,
        }
        if title is not None:
            audio["title"] = title
        if performer is not None:
            audio["performer"] = performer
        return self._from_user(user_id, chat_id, extra={"audio": audio})

    def send_location(
        self, user_id: int, latitude: float, longitude: float, *, chat_id: int | None = None
    ) -> Message:
        location = {"latitude": latitude, "longitude": longitude}
        return self._from_user(user_id, chat_id, extra={"location": location})

    def press(
        self,
        user_id: int,
        message: Message,
        data: str,
        *,
        forged: bool = False,
    ) -> str:
        """Press an inline button; ``forged`` sends data that no button carries."""
        user = self.users[user_id]
        if not forged:
            if message.deleted or not message.from_bot:
                raise BadRequest("that message has no buttons")
            if data not in {
                b.get("callback_data") for row in message.inline_keyboard for b in row
            }:
                raise LookupError(f"no button with data {data!r} on message {message.message_id}")
        query_id = self.new_query_id()
        self.callbacks[query_id] = {
            "user_id": user_id,
            "chat_id": message.chat.id,
            "message_id": message.message_id,
            "at": time.monotonic(),
            "answer": None,
        }
        self.enqueue(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_api(),
                "message": message.to_api(),
                "chat_instance": str(abs(hash((message.chat.id, self.bot.id)))),
                "data": data,
            },
        )
        return query_id

    def _membership(self, user_id: int, old: str, new: str) -> None:
        user = self.users[user_id]
        chat = self.private_chat(user)

        def member(status: str) -> dict[str, Any]:
            banned = {"until_date": 0} if status == "kicked" else {}  # ChatMemberBanned has it
            return {"user": self.bot.to_api(), "status": status} | banned

        self.enqueue(
            "my_chat_member",
            {
                "chat": chat.to_api(),
                "from": user.to_api(),
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    def block(self, user_id: int) -> None:
        """The person blocks the bot: later sends answer 403, and the bot is told."""
        self.users[user_id].blocked = True
        self._membership(user_id, "member", "kicked")

    def unblock(self, user_id: int) -> None:
        self.users[user_id].blocked = False
        self._membership(user_id, "kicked", "member")
