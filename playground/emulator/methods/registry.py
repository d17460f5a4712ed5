"""Which function answers which Bot API method: each module of this package registers its
methods with :func:`method`; :class:`~playground.emulator.methods.emulator.Emulator` looks
them up by name, case-insensitively as Telegram does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from playground.emulator.params import Params

if TYPE_CHECKING:
    from playground.emulator.methods.emulator import Emulator

Handler = Callable[["Emulator", Params], Awaitable[Any]]
METHODS: dict[str, Handler] = {}


def method(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        METHODS[name.lower()] = handler
        return handler

    return register
