"""The emulator's world: people and chats, files, what people and the bot sent, and a live
view of it all; how updates reach the bot is :class:`~playground.emulator.delivery.Delivery`."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
from collections.abc import Iterator
from typing import Any

from playground.emulator.delivery import Delivery
from playground.emulator.errors import BadRequest
from playground.emulator.limits import Faults, Limits, RateLimiter
from playground.emulator.menus import MenuKey, resolve
from playground.emulator.state import Chat, Message, StoredFile, User

DEFAULT_TOKEN = "7000000001:KenesPlayground-local-emulator"


class World(Delivery):
    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "kenes_bot",
        bot_name: str = "Kenes",
        limits: Limits | None = None,
        callback_timeout: float = 60.0,
    ) -> None:
        super().__init__()
        self.token = token
        self.bot = User(int(token.split(":")[0]), bot_name, username=bot_username, is_bot=True)
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.messages: dict[int, list[Message]] = {}
        self.files: dict[str, StoredFile] = {}
        self.limiter = RateLimiter(limits or Limits())
        self.faults = Faults()
        self.callback_timeout = callback_timeout
        self.callbacks: dict[str, dict[str, Any]] = {}
        self.commands: dict[MenuKey, list[dict[str, Any]]] = {}
        self.requests: list[tuple[str, dict[str, Any]]] = []  # every Bot API call, in order
        self.active_requests = 0
        self.listeners: set[asyncio.Queue[dict[str, Any]]] = set()
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)

    # -- people and chats ---------------------------------------------------------------
    def user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        language_code: str | None = None,
        username: str | None = None,
    ) -> User:
        user = self.users.get(user_id)
        if user is None:
            user = User(user_id, first_name or f"User {user_id}", language_code, username)
            self.users[user_id] = user
            self.emit("user", user=user.to_api())
        if language_code is not None:
            user.language_code = language_code
        return user

    def menu(
        self, chat_id: int, language: str = "", *, user_id: int | None = None
    ) -> list[dict[str, Any]]:
        """The command menu a person (``user_id``, in a group) sees in a chat, in their app's
        language: the most specific scope set for that chat, as Telegram resolves it."""
        chat = self.chats.get(chat_id)
        private = chat is None or chat.private
        return resolve(self.commands, chat_id, language, private=private, user_id=user_id)

    def free_user_id(self, start: int = 1001) -> int:
        """The smallest unused person id from ``start`` on (for people added by hand)."""
        return next(n for n in itertools.count(start) if n not in self.users)

    def private_chat(self, user: User) -> Chat:
        chat = self.chats.get(user.id)
        if chat is None:
            chat = self.chats[user.id] = Chat(user.id, "private", first_name=user.first_name)
            chat.members.add(user.id)
        return chat

    def group(self, chat_id: int, title: str, members: list[int] = ()) -> Chat:  # type: ignore[assignment]
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = self.chats[chat_id] = Chat(chat_id, "supergroup", title=title)
        for member in members:  # (re)added by hand: in the group, unless banned
            if chat.roles.get(member) == "left":
                del chat.roles[member]
        chat.members.update(m for m in members if chat.roles.get(m) != "kicked")
        return chat

    def chat_of(self, user_id: int, chat_id: int | None) -> Chat:
        if chat_id is None or chat_id == user_id:
            return self.private_chat(self.users[user_id])
        chat = self.chats[chat_id]
        if chat.roles.get(user_id) in ("left", "kicked"):  # removed: must join again
            raise BadRequest("Bad Request: the person is not a member of this group")
        chat.members.add(user_id)
        return chat

    def history(self, chat_id: int) -> list[Message]:
        return self.messages.setdefault(chat_id, [])

    def find(self, chat_id: int, message_id: int) -> Message | None:
        for message in reversed(self.messages.get(chat_id, [])):
            if message.message_id == message_id:
                return message
        return None

    def bot_messages(self, chat_id: int) -> list[Message]:
        return [m for m in self.history(chat_id) if m.from_bot and not m.deleted]

    def force_reply_prompt(self, chat_id: int, user_id: int) -> Message | None:
        """The newest message of the bot in the chat whose ForceReply opens a reply in this
        person's app (see :meth:`Message.force_reply_for`), if any."""
        user = self.users[user_id]
        return next(
            (m for m in reversed(self.bot_messages(chat_id)) if m.force_reply_for(user)), None
        )

    def mentioned(self, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Entities with each text_mention's person in full, as Telegram sends them."""
        for entity in entities:
            if entity["type"] == "text_mention":
                known = self.users.get(entity["user"]["id"])
                if known is None:
                    raise BadRequest("Bad Request: can't parse entities: user not found")
                entity["user"] = known.to_api()
        return entities

    def add_message(self, chat: Chat, sender: User, **content: Any) -> Message:
        for key in ("entities", "caption_entities"):
            if key in content:
                content[key] = self.mentioned(content[key])
        message = Message(chat, chat.next_message_id, sender, **content)
        chat.next_message_id += 1
        self.history(chat.id).append(message)
        self.emit("message", message)
        return message

    # -- files ----------------------------------------------------------------------------
    def store_file(
        self,
        data: bytes,
        *,
        kind: str,
        file_name: str | None = None,
        mime_type: str | None = None,
        size: int | None = None,
    ) -> StoredFile:
        number = next(self._file_ids)
        suffix = (file_name or "").rpartition(".")[2] or {"photos": "jpg"}.get(kind, "bin")
        stored = StoredFile(
            file_id=f"{kind[:3].upper()}{number:06d}{secrets.token_hex(8)}",
            file_unique_id=f"u{number:08d}",
            data=data,
            file_path=f"{kind}/file_{number}.{suffix}",
            file_name=file_name,
            mime_type=mime_type,
            size=size,
        )
        self.files[stored.file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        return next((f for f in self.files.values() if f.file_path == path), None)

    # -- live view --------------------------------------------------------------------------
    def emit(self, kind: str, message: Message | None = None, **extra: Any) -> None:
        event: dict[str, Any] = {"type": kind, **extra}
        if message is not None:
            event["chat_id"] = message.chat.id
            event["message"] = message.view()
            event["reply_keyboard"] = message.chat.reply_keyboard
        for queue in list(self.listeners):
            queue.put_nowait(event)

    @contextlib.contextmanager
    def listen(self) -> Iterator[asyncio.Queue[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.listeners.add(queue)
        try:
            yield queue
        finally:
            self.listeners.discard(queue)

    def new_query_id(self) -> str:
        return f"{next(self._query_ids)}{secrets.randbelow(10**9):09d}"
