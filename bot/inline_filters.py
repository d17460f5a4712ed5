"""Plain (non-async) filters run on the event loop, not in a worker thread.

aiogram awaits a synchronous filter through ``asyncio.to_thread``, and every magic filter
(``F.text == ...``, ``F.chat.type == "private"``) is one. An update that reaches the need flow
tries 10–25 of them on its way through Kenes' routers, each a hop to a thread and back (in the
dispatch benchmark the median update went from ~9.6 to ~7.3 ms without them). Kenes' filters
only look at the event (no I/O), so they are called directly, with the same arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import HandlerObject

_ORIGINAL = "__kenes_original__"


def _inline(function: Callable[..., Any]) -> Callable[..., Any]:
    async def call(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    setattr(call, _ORIGINAL, function)
    return call


def original_callback(callback: Any) -> Any:
    """The filter a callback made awaitable here stands for (``callback`` itself if not)."""
    return getattr(callback, _ORIGINAL, callback)


def _handlers(router: Router) -> Iterator[HandlerObject]:
    for observer in router.observers.values():
        yield from observer.handlers
        yield observer._handler  # holds the observer's own filters (router.message.filter)


def run_filters_inline(router: Router) -> int:
    """Make every synchronous filter of ``router`` and the routers under it awaited in place;
    how many were changed. Safe to call again (a changed filter is awaitable already)."""
    changed = 0
    for each in router.chain_tail:
        for handler in _handlers(each):
            for event_filter in handler.filters or ():
                if not event_filter.awaitable:
                    # ``params`` and ``varkw`` stay those of the original callable, so it is
                    # given the same keyword arguments as before.
                    event_filter.callback = _inline(event_filter.callback)
                    event_filter.awaitable = True
                    changed += 1
    return changed
