"""A terminal chat with Kenes through the emulator: type as a resident, see the replies.

``#N`` presses inline button N, ``*N`` reply-keyboard button N; ``:loc LAT LON`` shares a
location, ``:photo`` sends a photo, ``:sticker`` a sticker, ``:voice [SECONDS]`` a voice
message (``:video_note``, ``:audio`` likewise), ``:user ID [kk|ru]`` switches the person,
``:quit`` leaves. Anything else is sent as text.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import threading
from typing import Any

from bot.settings import Settings
from playground.cast import Cast
from playground.emulator import Emulator
from playground.runner import emulator_server, running_kenes

HELP = __doc__.split("\n\n", 1)[1] if __doc__ else ""


class TerminalChat:
    def __init__(self, emulator: Emulator, user_id: int, language: str) -> None:
        self.emulator = emulator
        self.user_id = user_id
        self.language = language
        self.buttons: list[dict[str, Any]] = []
        self.emulator.user(user_id, first_name="Playground", language_code=language)

    def show(self, event: dict[str, Any]) -> None:
        message = event.get("message")
        if event["type"] == "callback_answer" and event.get("text"):
            print(f"  (pop-up) {event['text']}")
        if not message or not message.get("from_bot") or event.get("chat_id") != self.user_id:
            return
        label = "✎ " if event["type"] == "edit" else ""
        text = message.get("text") or message.get("caption") or ""
        if "photo" in message:
            text = "[photo] " + text
        if "voice" in message:
            text = f"[voice {message['voice'].get('duration', 0)} s] " + text
        if "document" in message:
            text = f"[document {message['document'].get('file_name')}] " + text
        print(f"\nKenes: {label}{text}")
        keyboard = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        for row in keyboard:
            cells = []
            for button in row:
                self.buttons.append({"message_id": message["message_id"], **button})
                cells.append(f"[#{len(self.buttons)}] {button['text']}")
            print("   " + "   ".join(cells))
        chat = self.emulator.chats.get(self.user_id)
        if chat and chat.reply_keyboard and (message.get("reply_markup") or {}).get("keyboard"):
            labels = [
                b if isinstance(b, str) else b["text"]
                for row in chat.reply_keyboard["keyboard"]
                for b in row
            ]
            print("   keyboard: " + "   ".join(f"[*{i}] {t}" for i, t in enumerate(labels, 1)))

    def act(self, line: str) -> bool:
        line = line.strip()
        if not line:
            return True
        if line in (":quit", ":q"):
            return False
        if line == ":help":
            print(HELP)
        elif line.startswith("#") and line[1:].isdigit():
            self._press(int(line[1:]))
        elif line.startswith("*") and line[1:].isdigit():
            self._tap(int(line[1:]))
        elif line.startswith(":loc"):
            _, lat, lon = line.split()
            self.emulator.send_location(self.user_id, float(lat), float(lon))
        elif line == ":photo":
            self.emulator.send_photo(self.user_id)
        elif line == ":sticker":
            self.emulator.send_sticker(self.user_id)
        elif line.split()[0] in (":voice", ":video_note", ":audio"):
            self._speak(line.split())
        elif line.startswith(":user"):
            parts = line.split()
            self.user_id = int(parts[1])
            self.emulator.user(self.user_id, language_code=parts[2] if len(parts) > 2 else None)
            print(f"  you are now user {self.user_id}")
        else:
            self.emulator.send_text(self.user_id, line)
        return True

    def _speak(self, words: list[str]) -> None:
        seconds = int(words[1]) if len(words) > 1 and words[1].isdigit() else 5
        send = {
            ":voice": self.emulator.send_voice,
            ":video_note": self.emulator.send_video_note,
            ":audio": self.emulator.send_audio,
        }[words[0]]
        send(self.user_id, duration=seconds)

    def _press(self, number: int) -> None:
        if not 1 <= number <= len(self.buttons):
            print("  no such button")
            return
        button = self.buttons[number - 1]
        message = self.emulator.find(self.user_id, button["message_id"])
        if message is None or button.get("callback_data") is None:
            print("  that button cannot be pressed here")
            return
        self.emulator.press(self.user_id, message, button["callback_data"], forged=True)

    def _tap(self, number: int) -> None:
        chat = self.emulator.chats.get(self.user_id)
        rows = chat.reply_keyboard["keyboard"] if chat and chat.reply_keyboard else []
        labels = [button for row in rows for button in row]
        if not 1 <= number <= len(labels):
            print("  no such keyboard button")
            return
        button = labels[number - 1]
        if isinstance(button, dict) and button.get("request_location"):
            print("  type :loc LAT LON to share a location")
            return
        self.emulator.send_text(
            self.user_id, button if isinstance(button, str) else button["text"]
        )


def _read_lines(chat: TerminalChat, stop: asyncio.Event, loop: asyncio.AbstractEventLoop) -> None:
    """Runs in a daemon thread (stdin blocks); hands each line to the event loop."""
    for line in sys.stdin:
        future = asyncio.run_coroutine_threadsafe(_act(chat, line, stop), loop)
        if not future.result():
            return
    # End of input: keep serving the emulator until interrupted.


async def _act(chat: TerminalChat, line: str, stop: asyncio.Event) -> bool:
    if chat.act(line):
        return True
    stop.set()
    return False


async def chat(settings: Settings, *, host: str, port: int, user_id: int, language: str) -> None:
    emulator = Emulator()
    cast = Cast.for_settings(settings)
    cast.populate(emulator)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with (
        emulator_server(emulator, host=host, port=port) as server,
        running_kenes(cast.configure(settings), emulator, server.url),
    ):
        terminal = TerminalChat(emulator, user_id, language)
        print(f"Kenes playground: the Bot API emulator is at {server.url}")
        print(f"You are resident {user_id} (Telegram language {language}). Send /start.")
        print(HELP)
        with emulator.listen() as events:
            threading.Thread(target=_read_lines, args=(terminal, stop, loop), daemon=True).start()
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    terminal.show(await asyncio.wait_for(events.get(), 0.2))
