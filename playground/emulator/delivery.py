"""How updates reach the bot: people's updates wait in a queue until the bot confirms them,
by long polling (getUpdates) or by a webhook that Telegram retries until it answers 2xx."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from typing import Any

import aiohttp

from playground.emulator.errors import BotApiError

ASKED_BY_NAME = {"chat_member", "message_reaction", "message_reaction_count"}


async def _first_of(*events: asyncio.Event, timeout: float) -> None:
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


class Activity:
    """A counter that moves whenever work starts or ends (an update queued, confirmed or
    acknowledged; a Bot API request begun or answered), and an event set when it moves: so a
    test waits for the bot to go quiet without polling."""

    def __init__(self) -> None:
        self.version = 0
        self.changed = asyncio.Event()

    def bump(self) -> None:
        self.version += 1
        self.changed.set()

    async def wait(self, timeout: float) -> None:
        """Until the next change, or ``timeout`` seconds: clear :attr:`changed` *before*
        looking at the state, then call this."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.changed.wait(), timeout)


class Delivery:
    """The update queue of a :class:`~playground.emulator.core.World`."""

    def __init__(self) -> None:
        self.activity = Activity()
        self.pending: list[dict[str, Any]] = []  # updates not yet confirmed by the bot
        self.update_count = 0  # updates people have caused so far
        self.allowed_updates: list[str] | None = None
        self.webhook: dict[str, Any] | None = None
        self._update_ids = itertools.count(1)
        self._arrived = asyncio.Event()
        self._poller: asyncio.Event | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._webhook_inflight = 0
        self._closing = False
        self.first_poll_at: float | None = None  # time.monotonic() of the first getUpdates
        self.delivered = 0  # updates the bot confirmed (polling) or acknowledged (webhook)

    # -- updates ----------------------------------------------------------------------------
    def enqueue(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        self.update_count += 1
        self.pending.append(update)
        self._arrived.set()
        self.activity.bump()
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
        if len(self.pending) != before:
            self.delivered += before - len(self.pending)
            self.activity.bump()

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        """As Telegram: the kinds in ``allowed_updates``, or when none are named every kind
        but ``chat_member`` and the reactions, which a bot must ask for by name."""
        if self.allowed_updates:
            allowed = set(self.allowed_updates)
            self.pending = [u for u in self.pending if allowed & u.keys()]
        else:
            self.pending = [u for u in self.pending if not ASKED_BY_NAME & u.keys()]
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
                if await self._push_next(http):
                    delay = 0.05
                    continue
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def _push_next(self, http: aiohttp.ClientSession) -> bool:
        """POST the first pending update to the webhook; whether the bot acknowledged it (if
        not, it goes back to the front of the queue: Telegram retries failed deliveries)."""
        assert self.webhook is not None
        hook = self.webhook
        update = self.pending.pop(0)
        self._webhook_inflight += 1
        self.activity.bump()
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
            self.activity.bump()
        if delivered:
            self.delivered += 1
            return True
        self.pending.insert(0, update)
        return False
