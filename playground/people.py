"""People in the emulator, as tests and benchmarks drive them: each action waits until Kenes
has finished handling it, then returns what the bot sent in reply."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.middlewares import UpdateTracker
from playground.emulator import Emulator, Message

SETTLE_TIMEOUT = 20.0


CALM_TURNS = 3  # event-loop turns with nothing new before the bot counts as quiet


@dataclass
class Stage:
    """The emulator and the bot's tracker: enough to know when the bot has gone quiet.

    Waiting is driven by the emulator's activity signal (``emulator.activity``), which the
    tracker moves too: an update queued, confirmed, started or finished, a request begun or
    answered. Nothing polls."""

    emulator: Emulator
    tracker: UpdateTracker

    def __post_init__(self) -> None:
        if self.tracker is not None:
            self.tracker.on_change = self.emulator.activity.bump

    def quiet(self) -> bool:
        return (
            self.emulator.backlog == 0
            # every delivered update went through (tests may also deliver some themselves,
            # as Telegram's retries of a webhook update, so handled may run ahead)
            and self.tracker.handled >= self.emulator.delivered
            and self.tracker.in_flight == 0
            and self.tracker.background == 0
            and self.emulator.active_requests == 0
        )

    async def settle(self, timeout: float = SETTLE_TIMEOUT) -> None:
        """Wait until every update is handled and the bot has no request under way, and
        nothing new starts within a few turns of the event loop (a task an update started
        gets to make its first request)."""
        activity = self.emulator.activity
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(
                    f"bot still busy: backlog={self.emulator.backlog} "
                    f"requests={self.emulator.active_requests} updates={self.tracker.in_flight}"
                )
            activity.changed.clear()
            if not self.quiet():
                await activity.wait(remaining)
                continue
            seen = activity.version
            for _ in range(CALM_TURNS):
                await asyncio.sleep(0)
            if activity.version == seen and self.quiet():
                return

    async def wait_for(
        self, predicate: Callable[[], bool], timeout: float = SETTLE_TIMEOUT, what: str = ""
    ) -> None:
        """Until ``predicate()`` holds: checked at every change of activity, and at least
        every 10 ms (it may look at what no request changes, such as the database)."""
        activity = self.emulator.activity
        deadline = time.monotonic() + timeout
        while True:
            activity.changed.clear()
            if predicate():
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"timed out waiting for {what or predicate}")
            await activity.wait(min(remaining, 0.01))


class Person:
    def __init__(
        self,
        stage: Stage,
        user_id: int,
        *,
        language_code: str | None = "kk",
        first_name: str | None = None,
        chat_id: int | None = None,
    ) -> None:
        self.stage = stage
        self.emulator = stage.emulator
        self.id = user_id
        self.chat_id = chat_id if chat_id is not None else user_id
        self.user = self.emulator.user(user_id, first_name=first_name, language_code=language_code)

    # -- reading -----------------------------------------------------------------------
    @property
    def inbox(self) -> list[Message]:
        """What the bot has sent in this person's chat, oldest first."""
        return self.emulator.bot_messages(self.chat_id)

    @property
    def last(self) -> Message:
        if not self.inbox:
            raise AssertionError("the bot has sent nothing in this chat")
        return self.inbox[-1]

    @property
    def keyboard(self) -> list[str]:
        """Reply keyboard buttons currently shown in the chat."""
        chat = self.emulator.chats.get(self.chat_id)
        if chat is None or chat.reply_keyboard is None:
            return []
        return [
            b if isinstance(b, str) else b["text"]
            for row in chat.reply_keyboard["keyboard"]
            for b in row
        ]

    def answers(self) -> list[str | None]:
        """Texts of the callback answers this person got (the little pop-ups)."""
        return [
            q["answer"]["text"]
            for q in self.emulator.callbacks.values()
            if q["user_id"] == self.id and q["answer"] is not None
        ]

    # -- acting -------------------------------------------------------------------------
    async def _after(self, act: Callable[[], object]) -> list[Message]:
        before = len(self.inbox)
        act()
        await self.stage.settle()
        return self.inbox[before:]

    async def send(self, text: str) -> list[Message]:
        return await self._after(
            lambda: self.emulator.send_text(self.id, text, chat_id=self.chat_id)
        )

    async def reply(self, text: str, to: Message) -> list[Message]:
        """Reply to ``to`` (swipe, then type), as a person does in a group."""
        return await self._after(
            lambda: self.emulator.send_text(self.id, text, chat_id=self.chat_id, reply_to=to)
        )

    def prompt(self) -> Message:
        """The question whose ForceReply opened a reply in this person's app."""
        found = self.emulator.force_reply_prompt(self.chat_id, self.id)
        if found is None:
            raise AssertionError(f"no question waits for a reply from {self.id} here")
        return found

    async def answer(self, text: str) -> list[Message]:
        """Type ``text`` where the app opened a reply to the bot's question (ForceReply)."""
        return await self.reply(text, self.prompt())

    async def reply_photo(self, to: Message) -> list[Message]:
        return await self._after(
            lambda: self.emulator.send_photo(self.id, chat_id=self.chat_id, reply_to=to)
        )

    async def forward(
        self, text: str, *, origin: int | None = None, hidden_name: str | None = None
    ) -> list[Message]:
        """Forward to the bot a message that ``origin`` wrote (or someone hiding their
        account in forwards, shown as ``hidden_name``)."""
        return await self._after(
            lambda: self.emulator.send_text(
                self.id,
                text,
                chat_id=self.chat_id,
                forward_from=origin,
                forward_hidden_name=hidden_name,
            )
        )

    async def tap(self, label: str) -> list[Message]:
        """Press a reply-keyboard button (it sends its text)."""
        if label not in self.keyboard:
            raise AssertionError(f"no keyboard button {label!r}: {self.keyboard}")
        return await self.send(label)

    def _with_button(self, label: str, message: Message | None) -> Message:
        if message is not None:
            return message
        for candidate in reversed(self.inbox):
            if label in candidate.buttons:
                return candidate
        raise AssertionError(f"no button {label!r} in this chat")

    async def press(self, label: str, message: Message | None = None) -> list[Message]:
        """Press the inline button ``label`` on ``message`` (default: the newest that has it)."""
        target = self._with_button(label, message)
        data = target.button(label)["callback_data"]
        return await self._after(lambda: self.emulator.press(self.id, target, data))

    async def press_data(
        self, message: Message, data: str, *, forged: bool = True
    ) -> list[Message]:
        return await self._after(
            lambda: self.emulator.press(self.id, message, data, forged=forged)
        )

    async def share_location(self, latitude: float, longitude: float) -> list[Message]:
        return await self._after(
            lambda: self.emulator.send_location(self.id, latitude, longitude, chat_id=self.chat_id)
        )

    async def send_photo(
        self, *, caption: str | None = None, size: int | None = None
    ) -> list[Message]:
        return await self._after(
            lambda: self.emulator.send_photo(
                self.id, caption=caption, chat_id=self.chat_id, size=size
            )
        )

    async def send_sticker(self) -> list[Message]:
        return await self._after(lambda: self.emulator.send_sticker(self.id, chat_id=self.chat_id))

    async def send_voice(self, *, duration: int = 3, caption: str | None = None) -> list[Message]:
        return await self._after(
            lambda: self.emulator.send_voice(
                self.id, duration=duration, caption=caption, chat_id=self.chat_id
            )
        )

    async def send_video_note(self, *, duration: int = 5) -> list[Message]:
        return await self._after(
            lambda: self.emulator.send_video_note(self.id, duration=duration, chat_id=self.chat_id)
        )

    async def send_audio(self, *, duration: int = 30) -> list[Message]:
        return await self._after(
            lambda: self.emulator.send_audio(self.id, duration=duration, chat_id=self.chat_id)
        )

    async def send_document(self) -> list[Message]:
        return await self._after(
            lambda: self.emulator.send_document(self.id, chat_id=self.chat_id)
        )
