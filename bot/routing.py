"""Routing by the resident's FSM state first, past the routers an update cannot reach a
handler in.

aiogram propagates an update through every router in order until a handler takes it: for each
router it wraps the router's outer middlewares (a partial and a wrapper each time), copies the
handler data twice, checks the router's own filters, tries every handler's filters in turn,
then recurses into its sub-routers. Kenes has ~60 routers and ~150 handlers, and most of the
filters an update met were state filters that failed: a press in the need flow was checked
against the states of the poll editor, the hearing editor, the moderators' steps...

Here, for each router, update type and raw FSM state (``raw_state``, what the FSM middleware
put in the handler data), a *plan* is made on first use and kept:

- the router's handlers whose state filters accept that state, in their order, each with the
  filters left to check (the state filters, known to pass, dropped), and the handler's inner
  middleware chain, wrapped once (aiogram wraps it on every call);
- the router's own filters, likewise without those known to pass (a router whose own state
  filter fails for the state is not entered);
- the sub-routers that have something for the update type in that state: a handler whose state
  filters accept it, or an outer middleware (which runs whatever the state, as in aiogram).

A sub-router without outer middlewares is entered directly (aiogram's ``propagate_event``
would wrap an empty middleware list around it); one with outer middlewares goes through
aiogram's ``propagate_event``. The dispatcher itself is entered by aiogram as before (its outer
middlewares: flood control, language).

Same outcome as aiogram's routing: a state filter (``StateFilter``, a ``State`` or a states
group instance given as a filter) depends on nothing but ``raw_state``, and the state filters
are evaluated here by aiogram's own code, so a handler left out is one whose filters would
have failed; the other filters (Kenes' only look at the event and the handler data, without
side effects: see ``bot.inline_filters``) are called as aiogram calls them, in the same order,
with the same data, and the handler data seen by a filter, a middleware or a handler is built
the same way (the router's filter results for its sub-routers, the handler's for itself, the
earlier handler's kept after a ``SkipHandler`` as in aiogram). ``tests/unit/test_routing.py``
compares the decisions over every handler and state Kenes has.

A plan is narrowed further by a *key* of the event, worked out once per update where the
dispatcher enters: a press's callback data prefix, a message's command and menu text, each
bounded to the values Kenes' filters know (``bot.route_keys``). The handlers whose first
``CallbackData``, ``Command`` or ``MenuButton`` filters cannot take an event of that key are
left out, without calling those filters.

Plans are made lazily, on the first update of a type in a state (and key), so routers
included after the dispatcher was built (``bot.desk``) count; :func:`index_routes` forgets
them.
"""

from __future__ import annotations

import types
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import REJECTED, UNHANDLED, SkipHandler
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.dispatcher.middlewares.manager import MiddlewareManager
from aiogram.filters.state import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import TelegramObject

from bot.inline_filters import original_callback
from bot.route_keys import Index

_PLANS = "_kenes_plans"  # in a router's __dict__: {(update type, raw state, key): _Plan}
_INDEX = "_kenes_index"  # in a router's __dict__: the Index of the tree it was indexed in
_MAX_PLANS = 8192  # plans kept per router (states x keys are bounded; a guard)


@dataclass(frozen=True, slots=True)
class _Step:
    handler: HandlerObject
    filters: tuple[FilterObject, ...]  # what is left to check
    call: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]  # inner middlewares


@dataclass(frozen=True, slots=True)
class _Plan:
    observer: TelegramEventObserver | None
    closed: bool  # the router's own state filter fails: aiogram stops there
    root_filters: tuple[FilterObject, ...]  # the router's own, left to check
    steps: tuple[_Step, ...]
    sub_routers: tuple[tuple[Router, bool], ...]  # (router, has outer middlewares)
    useful: bool  # anything to do for the update here or below


_NOTHING = _Plan(None, True, (), (), (), useful=False)  # no handler can take the update here


async def state_verdict(event_filter: FilterObject, raw_state: str | None) -> bool | None:
    """Whether a state filter accepts ``raw_state`` (by aiogram's own code); ``None`` for a
    filter that is not a state filter."""
    callback = original_callback(event_filter.callback)
    if isinstance(callback, StateFilter):
        return bool(await callback(None, raw_state=raw_state))  # type: ignore[arg-type]
    if isinstance(callback, (State, StatesGroup)):
        return bool(callback(event=None, raw_state=raw_state))  # type: ignore[arg-type]
    return None


async def _left_to_check(
    filters: list[FilterObject] | None, raw_state: str | None
) -> tuple[FilterObject, ...] | None:
    """The filters still to check in ``raw_state``; ``None`` if a state filter fails."""
    left = []
    for event_filter in filters or ():
        verdict = await state_verdict(event_filter, raw_state)
        if verdict is None:
            left.append(event_filter)
        elif not verdict:
            return None
    return tuple(left)


def _has_outer_middleware(router: Router, update_type: str) -> bool:
    observer = router.observers.get(update_type)
    return observer is not None and len(observer.outer_middleware) > 0


async def _plan(
    router: Router, update_type: str, raw_state: str | None, key: Hashable = None
) -> _Plan:
    plans: dict[tuple[str, str | None, Hashable], _Plan] = router.__dict__.setdefault(_PLANS, {})
    plan = plans.get((update_type, raw_state, key))
    if plan is not None:
        return plan
    if key is None:
        plan = await _state_plan(router, update_type, raw_state)
    else:
        plan = await _key_plan(router, update_type, raw_state, key)
    if len(plans) < _MAX_PLANS:
        plans[(update_type, raw_state, key)] = plan
    return plan


async def _state_plan(router: Router, update_type: str, raw_state: str | None) -> _Plan:
    observer = router.observers.get(update_type)
    root_filters: tuple[FilterObject, ...] | None = ()
    steps: list[_Step] = []
    if observer is not None:
        root_filters = await _left_to_check(observer._handler.filters, raw_state)
        if root_filters is not None and observer.handlers:
            middlewares = observer._resolve_middlewares()
            for handler in observer.handlers:
                filters = await _left_to_check(handler.filters, raw_state)
                if filters is not None:
                    call = MiddlewareManager.wrap_middlewares(middlewares, handler.call)
                    steps.append(_Step(handler, filters, call))
    sub_routers: list[tuple[Router, bool]] = []
    if root_filters is not None:
        for sub_router in router.sub_routers:
            outer = _has_outer_middleware(sub_router, update_type)
            if outer or (await _plan(sub_router, update_type, raw_state)).useful:
                sub_routers.append((sub_router, outer))
    return _Plan(
        observer,
        root_filters is None,
        root_filters or (),
        tuple(steps),
        tuple(sub_routers),
        useful=bool(steps or sub_routers),
    )


async def _key_plan(
    router: Router, update_type: str, raw_state: str | None, key: Hashable
) -> _Plan:
    """The state's plan without the handlers that cannot take an event of ``key``."""
    plan = await _plan(router, update_type, raw_state)
    index: Index | None = router.__dict__.get(_INDEX)
    if index is None:  # included after the tree was indexed: its filters are not judged
        return plan
    steps: list[_Step] = []
    same = True
    for step in plan.steps:
        filters = index.narrow(step.filters, update_type, key)
        if filters is step.filters:
            steps.append(step)
        else:
            same = False
            if filters is not None:
                steps.append(_Step(step.handler, filters, step.call))
    sub_routers = [
        (sub_router, outer)
        for sub_router, outer in plan.sub_routers
        if outer or (await _plan(sub_router, update_type, raw_state, key)).useful
    ]
    if same and len(sub_routers) == len(plan.sub_routers):
        return plan  # the same: shared, not copied
    if not steps and not sub_routers:
        return _NOTHING  # the router's own filters are not checked: nothing would follow
    return _Plan(
        plan.observer, plan.closed, plan.root_filters, tuple(steps), tuple(sub_routers), True
    )


async def _check(
    filters: tuple[FilterObject, ...], event: TelegramObject, kwargs: dict[str, Any]
) -> dict[str, Any] | None:
    """``HandlerObject.check`` over ``filters``: the data with what the filters added, or
    ``None`` if one fails."""
    data = kwargs
    for event_filter in filters:
        check = await event_filter.call(event, **data)
        if not check:
            return None
        if isinstance(check, dict):
            if data is kwargs:
                data = dict(kwargs)
            data.update(check)
    return data


async def _trigger(plan: _Plan, event: TelegramObject, kwargs: dict[str, Any]) -> Any:
    # aiogram's TelegramEventObserver.trigger over the plan's steps (``kwargs`` is its own)
    for step in plan.steps:
        kwargs["handler"] = step.handler
        if step.filters:
            data = await _check(step.filters, event, kwargs)
            if data is None:
                continue
            if data is not kwargs:
                kwargs.update(data)
        try:
            return await step.call(event, kwargs)
        except SkipHandler:
            continue
    return UNHANDLED


async def _route(
    router: Router,
    update_type: str,
    event: TelegramObject,
    kwargs: dict[str, Any],
    key: Hashable,
) -> Any:
    # aiogram's Router._propagate_event by the plan (``kwargs`` is this router's own)
    plan = await _plan(router, update_type, kwargs.get("raw_state"), key)
    if plan.closed:
        return UNHANDLED
    if plan.root_filters:
        data = await _check(plan.root_filters, event, kwargs)
        if data is None:
            return UNHANDLED
        if data is not kwargs:
            kwargs.update(data)
    response = UNHANDLED
    if plan.steps:
        response = await _trigger(plan, event, dict(kwargs))
        if response is REJECTED:
            return UNHANDLED
        if response is not UNHANDLED:
            return response
    for sub_router, outer in plan.sub_routers:
        if outer:
            response = await sub_router.propagate_event(
                update_type=update_type, event=event, **kwargs
            )
        else:
            response = await _route(
                sub_router, update_type, event, {**kwargs, "event_router": sub_router}, key
            )
        if response is not UNHANDLED:
            break
    return response


async def _propagate_event(
    self: Router,
    observer: TelegramEventObserver | None,
    update_type: str,
    event: TelegramObject,
    **kwargs: Any,
) -> Any:
    # in place of Router._propagate_event: what aiogram calls after the router's outer
    # middlewares (the dispatcher's, and a sub-router's that has some)
    index: Index = self.__dict__[_INDEX]
    return await _route(self, update_type, event, kwargs, index.key(update_type, event, kwargs))


def index_routes(root: Router) -> int:
    """Route the updates of ``root`` and the routers under it by plans (see above); how many
    routers now are. Safe to call again: the plans are made anew."""
    count = 0
    index = Index(root)
    for router in root.chain_tail:
        router.__dict__.pop(_PLANS, None)
        router.__dict__[_INDEX] = index
        router._propagate_event = types.MethodType(_propagate_event, router)  # type: ignore[method-assign]
        count += 1
    return count


skip_unreachable_routers = index_routes  # the earlier name
