"""What the emulator remembers: people, chats, messages and files."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class User:
    id: int
    first_name: str
    language_code: str | None = None
    username: str | None = None
    is_bot: bool = False
    started: bool = False  # has written to the bot, so the bot may write back
    blocked: bool = False  # has blocked the bot

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "is_bot": self.is_bot,
            "first_name": self.first_name,
        }
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class Chat:
    id: int
    type: str  # private | group | supergroup
    title: str | None = None
    first_name: str | None = None
    members: set[int] = field(default_factory=set)  # who is in the chat now
    # A group's members whose status is not plain "member": "creator", "administrator" (with
    # ``rights``), or those no longer in it, "left" and "kicked" (banned).
    roles: dict[int, str] = field(default_factory=dict)
    rights: dict[int, dict[str, bool]] = field(default_factory=dict)
    reply_keyboard: dict[str, Any] | None = None
    next_message_id: int = 1

    @property
    def private(self) -> bool:
        return self.type == "private"

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            data["title"] = self.title
        if self.first_name:
            data["first_name"] = self.first_name
        return data


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    size: int | None = None

    @property
    def file_size(self) -> int:
        return self.size if self.size is not None else len(self.data)


@dataclass
class Message:
    """One message in a chat, from a person or from the bot, with its edit history."""

    chat: Chat
    message_id: int
    sender: User
    date: int = field(default_factory=lambda: int(time.time()))
    text: str | None = None  # as a person sees it (entities parsed)
    html: str | None = None  # as the bot sent it
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # photo, document, location, ...
    edits: list[dict[str, Any]] = field(default_factory=list)  # earlier versions
    edit_date: int | None = None
    deleted: bool = False
    reply_to: Message | None = None  # the message this one replies to

    @property
    def from_bot(self) -> bool:
        return self.sender.is_bot

    @property
    def content(self) -> str:
        """Text or caption: what a person reads."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            return self.reply_markup["inline_keyboard"]  # type: ignore[no-any-return]
        return []

    @property
    def buttons(self) -> list[str]:
        """Inline button texts, row by row."""
        return [button["text"] for row in self.inline_keyboard for button in row]

    @property
    def button_data(self) -> list[str]:
        """The inline buttons' callback data, row by row (a link button has none)."""
        return [
            b["callback_data"] for row in self.inline_keyboard for b in row if "callback_data" in b
        ]

    def button(self, text: str) -> dict[str, Any]:
        for row in self.inline_keyboard:
            for button in row:
                if button["text"] == text:
                    return button
        raise LookupError(f"no button {text!r} on message {self.message_id}: {self.buttons}")

    def snapshot(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "caption": self.caption,
            "entities": self.entities,
            "caption_entities": self.caption_entities,
            "reply_markup": self.reply_markup,
        }

    def force_reply_for(self, user: User) -> bool:
        """Whether a person's app opens a reply to this message by itself (ForceReply): for
        everyone, or with ``selective`` for those it mentions and the author of the message
        it replies to."""
        markup = self.reply_markup or {}
        if self.deleted or markup.get("force_reply") is not True:
            return False
        if not markup.get("selective"):
            return True
        mentioned = any(
            (e["type"] == "text_mention" and e["user"]["id"] == user.id)
            or (
                e["type"] == "mention"
                and user.username is not None
                and self.content[e["offset"] : e["offset"] + e["length"]] == "@" + user.username
            )
            for e in self.entities
        )
        return mentioned or (self.reply_to is not None and self.reply_to.sender.id == user.id)

    def to_api(self, *, nested: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.sender.to_api(),
            "chat": self.chat.to_api(),
            "date": self.date,
        }
        if self.text is not None:
            data["text"] = self.text
            if self.entities:
                data["entities"] = self.entities
        if self.caption is not None:
            data["caption"] = self.caption
            if self.caption_entities:
                data["caption_entities"] = self.caption_entities
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup
        if self.reply_to is not None and nested:  # the replied message carries no reply itself
            data["reply_to_message"] = self.reply_to.to_api(nested=False)
        data.update(self.extra)
        return data

    def view(self) -> dict[str, Any]:
        """Everything a test or the web playground may want to show about this message."""
        return self.to_api() | {
            "from_bot": self.from_bot,
            "html": self.html,
            "reply_markup": self.reply_markup,
            "edits": len(self.edits),
            "deleted": self.deleted,
        }
