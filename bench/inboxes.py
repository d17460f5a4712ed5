"""What the emulator received during a broadcast, counted per chat: each message it accepted
(with the moment it accepted it) and each 429 it answered, so the broadcast benchmark counts
duplicates, gaps and the rate from Telegram's side, not from the broadcaster's own records."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from playground.emulator import BotApiError, Emulator
from playground.emulator.params import Params


class StampingEmulator(Emulator):
    """The emulator, noting when it accepted each sendMessage and each 429 it answered."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.accepted: list[tuple[int, float]] = []  # (chat id, time.monotonic())
        self.retry_afters: list[int] = []  # of every 429 answered, in order

    async def call(self, method_name: str, params: Params) -> Any:
        try:
            result = await super().call(method_name, params)
        except BotApiError as error:
            if error.code == 429 and error.parameters:
                self.retry_afters.append(int(error.parameters["retry_after"]))
            raise
        if method_name.lower() == "sendmessage":
            self.accepted.append((int(result["chat"]["id"]), time.monotonic()))
        return result


@dataclass(frozen=True)
class Tally:
    sent: int  # messages accepted for the audience, duplicates included
    duplicates: int  # messages beyond the first in an audience member's chat
    missed: int  # audience members whose chat got nothing
    strangers: int  # messages to chats outside the audience (but ``ignored``)
    achieved_rate: float  # audience messages a second, first to last accepted

    @property
    def exactly_once(self) -> int:
        return self.sent - self.duplicates


def tally(
    emulator: StampingEmulator, audience: Collection[int], *, ignored: Collection[int] = ()
) -> Tally:
    per_chat = Counter(chat for chat, _ in emulator.accepted)
    stamps = [at for chat, at in emulator.accepted if chat in audience]
    span = stamps[-1] - stamps[0] if len(stamps) > 1 else 0.0
    strangers = sum(
        count for chat, count in per_chat.items() if chat not in audience and chat not in ignored
    )
    return Tally(
        sent=len(stamps),
        duplicates=sum(max(0, per_chat[chat] - 1) for chat in audience),
        missed=sum(1 for chat in audience if per_chat[chat] == 0),
        strangers=strangers,
        achieved_rate=(len(stamps) - 1) / span if span > 0 else 0.0,
    )
