"""The emulator's world: people and chats, what they send to the bot (as updates), what the
bot sent them, and how updates reach the bot (long polling or a webhook)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
import time
from collections.abc import Iterator
from typing import Any

import aiohttp

from playground.emulator.errors import BotApiError
from playground.emulator.limits import Faults, Limits, RateLimiter
from playground.emulator.state import Chat, Message, StoredFile, User

DEFAULT_TOKEN = "7000000001:KenesPlayground-local-emulator"


async def _first_of(*events: asyncio.Event, timeout: float) -> None:
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


class World:
    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "kenes_bot",
        bot_name: str = "Kenes",
        limits: Limits | None = None,
        callback_timeout: float = 60.0,
    ) -> None:
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
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.pending: list[dict[str, Any]] = []  # updates not yet confirmed by the bot
        self.update_count = 0  # updates people have caused so far
        self.allowed_updates: list[str] | None = None
        self.webhook: dict[str, Any] | None = None
        self.requests: list[tuple[str, dict[str, Any]]] = []  # every Bot API call, in order
        self.active_requests = 0
        self.listeners: set[asyncio.Queue[dict[str, Any]]] = set()
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._arrived = asyncio.Event()
        self._poller: asyncio.Event | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._webhook_inflight = 0
        self._closing = False
        self.first_poll_at: float | None = None  # time.monotonic() of the first getUpdates
        self.delivered = 0  # updates the bot confirmed (polling) or acknowledged (webhook)

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
        chat.members.update(members)
        return chat

    def chat_of(self, user_id: int, chat_id: int | None) -> Chat:
        if chat_id is None or chat_id == user_id:
            return self.private_chat(self.users[user_id])
        chat = self.chats[chat_id]
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

    def add_message(self, chat: Chat, sender: User, **content: Any) -> Message:
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

    # -- updates ----------------------------------------------------------------------------
    def enqueue(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        self.update_count += 1
        self.pending.append(update)
        self._arrived.set()
        if self.webhook is not None:
            self._start_webhook()
        return update

    @property
    def backlog(self) -> int:
        """Updates the bot has not confirmed yet (polling) or not acknowledged (webhook)."""
        return len(self.pending) + self._webhook_inflight

    def confirm(self, offset: int) -> None:
        before = len(self.pending)
        if offset < 0:
            self.pending = self.pending[offset:]
        else:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
        self.delivered += before - len(self.pending)

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        if self.allowed_updates:
            allowed = set(self.allowed_updates)
            self.pending = [u for u in self.pending if allowed & u.keys()]
        return self.pending[:limit]

    async def poll(self, offset: int | None, limit: int, timeout: float) -> list[dict[str, Any]]:
        """getUpdates: confirm what is below ``offset``, then wait up to ``timeout``."""
        if offset is not None:
            self.confirm(offset)
        if self._poller is not None:  # Telegram ends the older request
            self._poller.set()
        me = self._poller = asyncio.Event()
        deadline = time.monotonic() + timeout
        try:
            while True:
                ready = self._deliverable(limit)
                if ready:
                    return ready
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closing:
                    return []
                self._arrived.clear()
                await _first_of(self._arrived, me, timeout=remaining)
                if me.is_set():
                    raise BotApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that only "
                        "one bot instance is running",
                    )
        finally:
            if self._poller is me:
                self._poller = None

    @property
    def closing(self) -> bool:
        return self._closing

    def wake_pollers(self) -> None:
        """End a waiting getUpdates now (the server is shutting down)."""
        self._closing = True
        self._arrived.set()

    def reopen(self) -> None:
        """The server serves again: long polls wait for updates again."""
        self._closing = False

    # -- webhook ------------------------------------------------------------------------------
    def set_webhook(self, url: str, secret: str | None, max_connections: int) -> None:
        self.webhook = {"url": url, "secret": secret, "max_connections": max_connections}
        self._start_webhook()

    def delete_webhook(self) -> None:
        self.webhook = None
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            self._webhook_task = None

    def _start_webhook(self) -> None:
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.get_running_loop().create_task(self._push_updates())

    async def _push_updates(self) -> None:
        delay = 0.05
        async with aiohttp.ClientSession() as http:
            while self.webhook is not None and self.pending:
                hook = self.webhook
                update = self.pending.pop(0)
                self._webhook_inflight += 1
                headers = {}
                if hook["secret"]:
                    headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret"]
                try:
                    async with http.post(hook["url"], json=update, headers=headers) as response:
                        delivered = response.status < 300
                except (aiohttp.ClientError, TimeoutError):
                    delivered = False
                finally:
                    self._webhook_inflight -= 1
                if delivered:
                    self.delivered += 1
                    delay = 0.05
                    continue
                self.pending.insert(0, update)  # Telegram retries failed deliveries
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

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
