"""Routing that skips the routers an update cannot reach a handler in.

aiogram propagates an update through every router in order until a handler takes it: for each
router it wraps the router's outer middlewares (a partial and a wrapper each time), copies the
handler data twice, checks the router's own filters, tries its handlers, then recurses into its
sub-routers. Kenes has ~60 routers; a callback query from the need flow visited all of them up
to the needs router, most of which have no callback query handler at all, and a text message
most of those without a message handler.

Here each router keeps, per update type, the sub-routers whose subtree has a handler or an
outer middleware for that type, and tries its own handlers only when it has some. What a
skipped router would have done is return "unhandled" (after checking filters; Kenes' filters
only look at the event: see ``bot.inline_filters``), so the outcome is the same. The lists are
made on the first update of each type, so routers included before then (``bot.desk``) count.
"""

from __future__ import annotations

import types
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import REJECTED, UNHANDLED
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.types import TelegramObject


def _reaches(router: Router, update_type: str) -> bool:
    """Whether an update of this type can do anything in ``router`` or under it."""
    for each in router.chain_tail:
        observer = each.observers.get(update_type)
        if observer is not None and (observer.handlers or len(observer.outer_middleware)):
            return True
    return False


async def _propagate_event(
    self: Router,
    observer: TelegramEventObserver | None,
    update_type: str,
    event: TelegramObject,
    **kwargs: Any,
) -> Any:
    # aiogram's Router._propagate_event, trying only the sub-routers that can take it
    response = UNHANDLED
    if observer:
        result, data = await observer.check_root_filters(event, **kwargs)
        if not result:
            return UNHANDLED
        kwargs.update(data)
        if observer.handlers:
            response = await observer.trigger(event, **kwargs)
            if response is REJECTED:
                return UNHANDLED
            if response is not UNHANDLED:
                return response
    reachable: dict[str, tuple[Router, ...]] = self.__dict__.setdefault("_kenes_reachable", {})
    routers = reachable.get(update_type)
    if routers is None:
        routers = tuple(r for r in self.sub_routers if _reaches(r, update_type))
        reachable[update_type] = routers
    for router in routers:
        response = await router.propagate_event(update_type=update_type, event=event, **kwargs)
        if response is not UNHANDLED:
            break
    return response


def skip_unreachable_routers(root: Router) -> int:
    """Route the updates of ``root`` and the routers under it past the routers that have
    nothing for them; how many routers now do."""
    count = 0
    for router in root.chain_tail:
        router.__dict__.pop("_kenes_reachable", None)
        router._propagate_event = types.MethodType(_propagate_event, router)  # type: ignore[method-assign]
        count += 1
    return count
