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
dispatcher enters (:class:`_Index`), from a bounded set of values:

- a press: the prefix of its callback data (the text before the first ``:``, aiogram's
  ``CallbackData`` separator) if a ``CallbackData`` filter has it, else "other" (or "none"
  for a press without data);
- a message: the command its text or caption starts with, split as aiogram's ``Command``
  splits it (the name if a ``Command`` filter has it, else "other", or "none" if it is no
  ``/`` command), and its text if it is a ``MenuButton``'s in some language, else "none".

The handlers whose first filters cannot take that key are left out: a ``CallbackQueryFilter``
of another prefix (aiogram's ``unpack`` would fail on the prefix, before the filter's rule), a
``Command`` of other names (its prefix and name are checked before its mention, deep link and
magic), a ``MenuButton`` of other texts. A filter that may pass stays in the plan to be called
(it makes ``callback_data``, ``command``), except a ``MenuButton`` that passes for sure (it adds
nothing). Only the leading filters of these kinds are judged (state filters aside): the first
filter of another kind, and all after it, are left to be called. A ``Command`` that ignores
case, takes a pattern or another prefix, a ``CallbackData`` with another separator, a value
the index did not know (a router included after the first update) keep the handler. The one
thing not done for a handler left out: a ``Command`` given ``/name@bot`` awaits ``bot.me()``
(cached by aiogram, fetched at start) before the name is compared.

Plans are made lazily, on the first update of a type in a state (and key), so routers
included after the dispatcher was built (``bot.desk``) count; :func:`index_routes` forgets
them.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import REJECTED, UNHANDLED, SkipHandler
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.dispatcher.middlewares.manager import MiddlewareManager
from aiogram.filters import Command, CommandStart
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.filters.state import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.i18n import I18n

from bot.inline_filters import original_callback
from keyboards.menu import MenuButton

_PLANS = "_kenes_plans"  # in a router's __dict__: {(update type, raw state, key): _Plan}
_INDEX = "_kenes_index"  # in a router's __dict__: the _Index of the tree it was indexed in
_MAX_PLANS = 8192  # plans kept per router (states x keys are bounded; a guard)
_SEPARATOR = ":"  # CallbackData's default separator


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


class Mark(enum.Enum):
    """The values of a key other than a known prefix, command name or menu text."""

    OTHER = "other"  # a prefix or command no filter knows
    NONE = "none"  # no callback data, no command, not a menu text


class _Verdict(enum.Enum):
    FAILS = "fails"  # the filter fails for every event of the key
    PASSES = "passes"  # it passes for every one, adding nothing
    MAY = "may"  # it has work to do: kept, and the filters after it may still be judged
    UNKNOWN = "unknown"  # not a filter judged here: it and all after it are kept


class _Index:
    """The callback data prefixes, command names and menu texts the filters of a tree of
    routers know, gathered on the first update (routers included by then count), and the key
    of an update by them."""

    def __init__(self, root: Router) -> None:
        self.root = root
        self.ready = False
        self.prefixes: frozenset[str] = frozenset()
        self.commands: frozenset[str] = frozenset()
        self.buttons: tuple[MenuButton, ...] = ()
        self.i18n: I18n | None = None  # the one the menu texts are known by
        self.texts: frozenset[str] = frozenset()

    def _gather(self, data: dict[str, Any]) -> None:
        prefixes: set[str] = set()
        commands: set[str] = set()
        buttons: list[MenuButton] = []
        for router in self.root.chain_tail:
            for observer in router.observers.values():
                for handler in [observer._handler, *observer.handlers]:
                    for event_filter in handler.filters or ():
                        callback = original_callback(event_filter.callback)
                        if isinstance(callback, CallbackQueryFilter):
                            prefixes.add(callback.callback_data.__prefix__)
                        elif isinstance(callback, Command):
                            commands.update(c for c in callback.commands if isinstance(c, str))
                        elif isinstance(callback, MenuButton):
                            buttons.append(callback)
        self.prefixes, self.commands, self.buttons = (
            frozenset(prefixes),
            frozenset(commands),
            tuple(buttons),
        )
        i18n = data.get("i18n")
        if isinstance(i18n, I18n):
            self.i18n = i18n
            self.texts = frozenset(t for button in buttons for t in button.texts(i18n))
        self.ready = True

    def key(self, update_type: str, event: TelegramObject, data: dict[str, Any]) -> Hashable:
        """The update's key (``None``: not narrowed)."""
        if not self.ready:
            self._gather(data)
        if update_type == "callback_query" and isinstance(event, CallbackQuery):
            if not event.data:
                return Mark.NONE
            prefix = event.data.partition(_SEPARATOR)[0]
            return prefix if prefix in self.prefixes else Mark.OTHER
        if update_type == "message" and isinstance(event, Message):
            return self._command(event.text or event.caption), self._text(event.text, data)
        return None

    def _command(self, text: str | None) -> str | Mark:
        # as Command.extract_command splits it
        words = text.split(maxsplit=1) if text else None
        if not words or words[0][0] != "/":
            return Mark.NONE
        name = words[0][1:].partition("@")[0]
        return name if name in self.commands else Mark.OTHER

    def _text(self, text: str | None, data: dict[str, Any]) -> str | Mark | None:
        if self.i18n is None or data.get("i18n") is not self.i18n:
            return None  # menu texts not known by this i18n: buttons not judged
        return text if text in self.texts else Mark.NONE

    def verdict(self, callback: Any, update_type: str, key: Hashable) -> _Verdict:
        """What a filter does with every event of ``key``."""
        kind = type(callback)
        if kind is CallbackQueryFilter and update_type == "callback_query":
            return self._press_verdict(callback, key)
        if isinstance(key, tuple) and update_type == "message":
            if kind is Command or kind is CommandStart:
                return self._command_verdict(callback, key[0])
            if kind is MenuButton:
                return self._button_verdict(callback, key[1])
        return _Verdict.UNKNOWN

    def _press_verdict(self, callback: CallbackQueryFilter, key: Hashable) -> _Verdict:
        prefix = callback.callback_data.__prefix__
        if callback.callback_data.__separator__ != _SEPARATOR:
            return _Verdict.MAY
        if key is Mark.NONE or (key is Mark.OTHER and prefix in self.prefixes):
            return _Verdict.FAILS
        if isinstance(key, str) and key != prefix:
            return _Verdict.FAILS
        return _Verdict.MAY

    def _command_verdict(self, callback: Command, key: str | Mark) -> _Verdict:
        names = callback.commands
        if (
            callback.prefix != "/"
            or callback.ignore_case
            or not all(isinstance(name, str) for name in names)
        ):
            return _Verdict.MAY
        if key is Mark.NONE or (key is Mark.OTHER and self.commands.issuperset(names)):
            return _Verdict.FAILS
        if isinstance(key, str) and key not in names:
            return _Verdict.FAILS
        return _Verdict.MAY

    def _button_verdict(self, callback: MenuButton, key: str | Mark | None) -> _Verdict:
        if key is None or self.i18n is None:
            return _Verdict.MAY
        texts = callback.texts(self.i18n)
        if isinstance(key, str):
            return _Verdict.PASSES if key in texts else _Verdict.FAILS
        return _Verdict.FAILS if texts <= self.texts else _Verdict.MAY

    def narrow(
        self, filters: tuple[FilterObject, ...], update_type: str, key: Hashable
    ) -> tuple[FilterObject, ...] | None:
        """``filters`` left to check for an event of ``key`` (``filters`` itself if all);
        ``None`` if one fails."""
        left: list[FilterObject] = []
        for position, event_filter in enumerate(filters):
            verdict = self.verdict(original_callback(event_filter.callback), update_type, key)
            if verdict is _Verdict.FAILS:
                return None
            if verdict is _Verdict.UNKNOWN:
                left.extend(filters[position:])
                break
            if verdict is _Verdict.MAY:
                left.append(event_filter)
        return filters if len(left) == len(filters) else tuple(left)


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
    index: _Index | None = router.__dict__.get(_INDEX)
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
    index: _Index = self.__dict__[_INDEX]
    return await _route(self, update_type, event, kwargs, index.key(update_type, event, kwargs))


def index_routes(root: Router) -> int:
    """Route the updates of ``root`` and the routers under it by plans (see above); how many
    routers now are. Safe to call again: the plans are made anew."""
    count = 0
    index = _Index(root)
    for router in root.chain_tail:
        router.__dict__.pop(_PLANS, None)
        router.__dict__[_INDEX] = index
        router._propagate_event = types.MethodType(_propagate_event, router)  # type: ignore[method-assign]
        count += 1
    return count


skip_unreachable_routers = index_routes  # the earlier name
