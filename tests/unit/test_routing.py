"""Routing past the routers that have nothing for an update (bot/routing.py) picks the same
handler as aiogram's own routing, with the same data, and visits fewer routers; the plans
narrowed by a key of the event (callback data prefix, command, menu text) too."""

from __future__ import annotations

import enum
import typing
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.filters.state import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import (
    CallbackQuery,
    Chat,
    Location,
    Message,
    PhotoSize,
    Update,
    User,
    Voice,
)

from bot import route_keys, routing
from bot.database import create_engine, create_sessionmaker
from bot.inline_filters import original_callback
from bot.route_keys import Mark
from bot.routing import skip_unreachable_routers
from keyboards import menu
from keyboards.menu import MenuButton

USER = User(id=5, is_bot=False, first_name="R")


def message(text: str, chat_type: str = "private") -> Update:
    return Update(
        update_id=1,
        message=Message(
            message_id=1,
            date=datetime.now(UTC),
            chat=Chat(id=5, type=chat_type),
            from_user=USER,
            text=text,
        ),
    )


def press(data: str) -> Update:
    return Update(
        update_id=2,
        callback_query=CallbackQuery(id="1", from_user=USER, chat_instance="1", data=data),
    )


def tree(visits: list[str]) -> Dispatcher:
    """Routers in the shapes Kenes has: callback-only, message-only, a router filter over a
    sub-router, an outer middleware on a router without handlers, a fallback last."""
    dispatcher = Dispatcher()
    callbacks, texts, private, nested, watched, fallback = (
        Router(name=name) for name in ("callbacks", "texts", "private", "nested", "watched", "fb")
    )

    @callbacks.callback_query(F.data == "a")
    async def on_a(query: CallbackQuery) -> str:
        return "callbacks:a"

    @texts.message(F.text == "hello")
    async def on_hello(message: Message) -> str:
        return "texts:hello"

    private.message.filter(F.chat.type == "private")

    @nested.message(F.text.startswith("n"))
    async def on_n(message: Message) -> str:
        return "nested:n"

    private.include_router(nested)

    async def outer(handler: Any, event: Any, data: dict[str, Any]) -> Any:
        visits.append("watched outer middleware")
        return await handler(event, data)

    watched.message.outer_middleware(outer)

    @fallback.message()
    async def on_anything(message: Message) -> str:
        return "fallback"

    @fallback.callback_query()
    async def on_any_press(query: CallbackQuery) -> str:
        return "fallback:press"

    dispatcher.include_routers(callbacks, texts, private, watched, fallback)
    for router in dispatcher.chain_tail:
        original = router.propagate_event

        async def counted(
            *args: Any, _name: str = router.name, _f: Any = original, **kw: Any
        ) -> Any:
            visits.append(_name)
            return await _f(*args, **kw)

        router.propagate_event = counted  # type: ignore[method-assign]
    return dispatcher


async def outcomes(skip: bool) -> tuple[list[Any], list[list[str]]]:
    bot = Bot("42:test")
    results, visited = [], []
    for update in (
        message("hello"),
        message("nope"),
        message("nope", "group"),
        message("zzz"),
        press("a"),
        press("b"),
    ):
        visits: list[str] = []
        dispatcher = tree(visits)
        if skip:
            skip_unreachable_routers(dispatcher)
        results.append(await dispatcher.feed_update(bot, update))
        visited.append(visits)
    await bot.session.close()
    return results, visited


async def test_the_same_handlers_take_the_updates_through_fewer_routers() -> None:
    plain, plain_visits = await outcomes(skip=False)
    skipping, skipping_visits = await outcomes(skip=True)

    assert skipping == plain
    assert plain == [
        "texts:hello",
        "nested:n",
        "fallback",
        "fallback",
        "callbacks:a",
        "fallback:press",
    ]
    assert "watched outer middleware" in skipping_visits[3]  # its middleware still runs
    assert "callbacks" not in skipping_visits[1] and "callbacks" in plain_visits[1]
    assert "texts" not in skipping_visits[5] and "private" not in skipping_visits[5]
    assert "texts" in plain_visits[5]
    assert sum(map(len, skipping_visits)) < sum(map(len, plain_visits))


# Kenes' own routers: the plans against aiogram's routing, over every handler and state.


def kenes_dispatcher(sqlite_url: str) -> Dispatcher:
    from bot.dispatcher import create_dispatcher
    from bot.i18n import create_i18n
    from bot.middlewares import UpdateTracker
    from scheduler import create_scheduler
    from tests.conftest import make_settings

    settings = make_settings(database_url=sqlite_url, moderator_chat_id=-100777)
    return create_dispatcher(
        settings,
        create_sessionmaker(create_engine(sqlite_url)),
        create_i18n("kk"),
        create_scheduler(settings),
        UpdateTracker(),
    )


def is_state_filter(event_filter: FilterObject) -> bool:
    callback = original_callback(event_filter.callback)
    return isinstance(callback, (StateFilter, State, StatesGroup))


def every_state(dispatcher: Dispatcher) -> list[str | None]:
    """Every state a filter names, no state, and one no filter knows."""
    states: set[str] = set()

    def add(item: Any) -> None:
        if isinstance(item, State) and item.state is not None:
            states.add(item.state)
        elif isinstance(item, StatesGroup) or (
            isinstance(item, type) and issubclass(item, StatesGroup)
        ):
            group = type(item) if isinstance(item, StatesGroup) else item
            states.update(group.__all_states_names__)
        elif isinstance(item, str):
            states.add(item)

    for router in dispatcher.chain_tail:
        for observer in router.observers.values():
            for handler in [observer._handler, *observer.handlers]:
                for event_filter in handler.filters or ():
                    callback = original_callback(event_filter.callback)
                    if isinstance(callback, StateFilter):
                        for item in callback.states:
                            add(item)
                    else:
                        add(callback)
    return [None, "Nobody:knows", *sorted(states)]


async def state_passes(filters: list[FilterObject] | None, raw_state: str | None) -> bool:
    """Whether the state filters among ``filters`` pass, called as aiogram calls them."""
    for event_filter in filters or ():
        if is_state_filter(event_filter) and not await event_filter.call(
            None, raw_state=raw_state
        ):
            return False
    return True


async def aiogram_candidates(
    router: Router, update_type: str, raw_state: str | None
) -> list[tuple[HandlerObject, list[FilterObject]]]:
    """The handlers aiogram could pick in ``raw_state``, in the order it tries them, each
    with its filters other than state filters (a router's own state filter closing it)."""
    observer = router.observers.get(update_type)
    found: list[tuple[HandlerObject, list[FilterObject]]] = []
    if observer is not None:
        if not await state_passes(observer._handler.filters, raw_state):
            return []
        for handler in observer.handlers:
            if await state_passes(handler.filters, raw_state):
                rest = [f for f in handler.filters or () if not is_state_filter(f)]
                found.append((handler, rest))
    for sub_router in router.sub_routers:
        found.extend(await aiogram_candidates(sub_router, update_type, raw_state))
    return found


async def planned_candidates(
    router: Router, update_type: str, raw_state: str | None, key: Any = None
) -> list[tuple[HandlerObject, list[FilterObject]]]:
    plan = await routing._plan(router, update_type, raw_state, key)
    if plan.closed:
        return []
    found = [(step.handler, list(step.filters)) for step in plan.steps]
    for sub_router, _outer in plan.sub_routers:
        found.extend(await planned_candidates(sub_router, update_type, raw_state, key))
    return found


async def test_plans_keep_every_handler_aiogram_could_pick_in_each_state(sqlite_url: str) -> None:
    dispatcher = kenes_dispatcher(sqlite_url)
    states = every_state(dispatcher)
    assert len(states) > 40
    update_types = dispatcher.resolve_used_update_types()
    assert {"message", "callback_query", "my_chat_member"} <= set(update_types)
    tried = kept = 0
    for update_type in update_types:
        for raw_state in states:
            expected = await aiogram_candidates(dispatcher, update_type, raw_state)
            assert await planned_candidates(dispatcher, update_type, raw_state) == expected, (
                update_type,
                raw_state,
            )
            tried += sum(len(r.observers[update_type].handlers) for r in dispatcher.chain_tail)
            kept += len(expected)
    assert kept < tried * 0.7  # a third of the handlers are left out in any one state


def sample_callback_data(kind: type[CallbackData]) -> list[str]:
    """Packed callback data of ``kind``, with the first value of each field's type."""
    values: dict[str, Any] = {}
    for name, field in kind.model_fields.items():
        annotation = field.annotation
        args = typing.get_args(annotation)
        if typing.get_origin(annotation) is typing.Literal:
            values[name] = args[0]
        elif isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            values[name] = next(iter(annotation))
        elif annotation is bool:
            values[name] = True
        elif annotation is int or int in args:
            values[name] = 1
        else:
            values[name] = "x"
    try:
        packed = kind(**values).pack()
    except Exception:
        return []
    return [packed, packed.replace(":1", ":0")]


# Texts and callback data the keys must tell apart (bot.route_keys.Index.key): commands with
# arguments, for this bot and for another, after spaces, in capitals; prefixes no filter knows,
# data without ":", a known prefix alone.
ODD_TEXTS = {
    "/start@kenes_bot",
    "/start@Kenes_Bot h_1",
    "/start@other_bot",
    "/x@other",
    "/help@other_bot",
    "/help extra words",
    "  /help",
    "/help\nsecond line",
    "/HELP",
    "/",
    "/@kenes_bot",
    "//start",
    "start",
    "!start",
}
ODD_DATA = {"", "zz", "zz:1", "zz:1:2", ":", "nd1c", "nd1c:", "nd1c:1:2:3:4:5", "ND1C:1"}


def sample_updates(dispatcher: Dispatcher, i18n: Any) -> list[tuple[str, Any]]:
    """Events of every kind Kenes routes: texts (every command, with arguments too, and menu
    button in both languages, and the odd ones above), photos with and without a caption (a
    command or a menu text), locations and voice messages, in private and in the moderators'
    group; presses of every kind of button, with odd data and without data."""
    chat, group = Chat(id=5, type="private"), Chat(id=-100777, type="supergroup")
    texts = {"hello", "42", "/start", "/start h_1", "/unknown", "Жол, 5", *ODD_TEXTS}
    kinds: set[type[CallbackData]] = set()
    for router in dispatcher.chain_tail:
        for observer in router.observers.values():
            for handler in [observer._handler, *observer.handlers]:
                for event_filter in handler.filters or ():
                    callback = original_callback(event_filter.callback)
                    if isinstance(callback, Command):
                        for c in callback.commands:
                            if isinstance(c, str):
                                texts.update((f"/{c}", f"/{c} 1"))
                    elif isinstance(callback, MenuButton):
                        for language in ("kk", "ru"):
                            with i18n.use_locale(language):
                                texts.update((str(callback.label), f"{callback.label} "))
                    elif isinstance(callback, CallbackQueryFilter):
                        kinds.add(callback.callback_data)
    now = datetime.now(UTC)
    photo = [PhotoSize(file_id="p", file_unique_id="p", width=1, height=1)]
    with i18n.use_locale("ru"):
        captions = [None, "/start", "/help@kenes_bot", "/x", "hello", str(menu.REPORT_NEED)]
    updates: list[tuple[str, Any]] = []
    for where in (chat, group):
        for text in sorted(texts):
            updates.append(
                ("message", Message(message_id=1, date=now, chat=where, from_user=USER, text=text))
            )
        extras: list[dict[str, Any]] = [
            *({"photo": photo, "caption": caption} for caption in captions),
            {"location": Location(latitude=43.2, longitude=76.9)},
            {"voice": Voice(file_id="v", file_unique_id="v", duration=3)},
        ]
        for extra in extras:
            updates.append(
                ("message", Message(message_id=1, date=now, chat=where, from_user=USER, **extra))
            )
        shown = Message(message_id=2, date=now, chat=where, from_user=USER, text="…")
        for data in [
            "nope",
            None,
            *sorted(ODD_DATA),
            *(d for k in sorted(kinds, key=str) for d in sample_callback_data(k)),
        ]:
            updates.append(
                (
                    "callback_query",
                    CallbackQuery(
                        id="1", from_user=USER, chat_instance="1", data=data, message=shown
                    ),
                )
            )
    return updates


async def test_keys_tell_commands_menu_texts_and_prefixes_apart(sqlite_url: str) -> None:
    dispatcher = kenes_dispatcher(sqlite_url)
    index = dispatcher.__dict__["_kenes_index"]
    i18n = dispatcher["i18n"]
    data = {"i18n": i18n}
    now = datetime.now(UTC)

    def key(text: str | None = None, caption: str | None = None, i18n: Any = i18n) -> Any:
        event = Message(
            message_id=1, date=now, chat=Chat(id=5, type="private"), text=text, caption=caption
        )
        return index.key("message", event, {"i18n": i18n})

    def press(data: str | None) -> Any:
        event = CallbackQuery(id="1", from_user=USER, chat_instance="1", data=data)
        return index.key("callback_query", event, {"i18n": i18n})

    with i18n.context(), i18n.use_locale("ru"):
        report = str(menu.REPORT_NEED)
    assert key("/start h_1") == ("start", Mark.NONE)
    assert key("  /help@other_bot more") == ("help", Mark.NONE)
    assert key("/x@other") == key("/HELP") == (Mark.OTHER, Mark.NONE)
    assert key("/") == key("/@kenes_bot") == (Mark.OTHER, Mark.NONE)  # no command is ""
    assert key("start") == key("!start") == key(None) == (Mark.NONE, Mark.NONE)
    assert key(None, caption="/start") == ("start", Mark.NONE)
    assert key(report) == (Mark.NONE, report)
    assert key(None, caption=report) == key(report + " ") == (Mark.NONE, Mark.NONE)
    assert key(report, i18n=None) == (Mark.NONE, None)  # texts known by another i18n only
    assert press("nd1c:1") == press("nd1c") == "nd1c"
    assert press("zz:nd1c") == press("ND1C:1") == Mark.OTHER
    assert press("") == press(None) == Mark.NONE
    assert index.key("my_chat_member", None, data) is None


def judged_calls(found: list[tuple[HandlerObject, list[FilterObject]]]) -> int:
    """How many Command, CallbackData and MenuButton filters would be called."""
    judged = (Command, CallbackQueryFilter, MenuButton)
    return sum(isinstance(original_callback(f.callback), judged) for _h, fs in found for f in fs)


async def test_plans_call_fewer_filters_for_a_press_and_a_text(sqlite_url: str) -> None:
    """A press of a need category and a plain text in the need flow: the filters the plans
    leave to call, against those aiogram calls."""
    dispatcher = kenes_dispatcher(sqlite_url)
    i18n = dispatcher["i18n"]
    now = datetime.now(UTC)
    text = Message(
        message_id=1, date=now, chat=Chat(id=5, type="private"), from_user=USER, text="Жол, 5"
    )
    category = CallbackQuery(id="1", from_user=USER, chat_instance="1", data="nd1c:1")
    for update_type, event, raw_state in (
        ("message", text, "NeedFlow:place"),
        ("callback_query", category, "NeedFlow:category"),
    ):
        index = dispatcher.__dict__["_kenes_index"]
        key = index.key(update_type, event, {"i18n": i18n})
        wide = await planned_candidates(dispatcher, update_type, raw_state)
        narrow = await planned_candidates(dispatcher, update_type, raw_state, key)
        assert {id(h) for h, _fs in narrow} <= {id(h) for h, _fs in wide}
        assert judged_calls(narrow) <= 2 < 10 < judged_calls(wide), (
            update_type,
            judged_calls(narrow),
            judged_calls(wide),
        )


@pytest.mark.parametrize("part", range(3))
async def test_kenes_routes_every_sample_update_in_every_state_as_aiogram_does(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, part: int
) -> None:
    """Every handler whose filters take an event, in the order tried, with the data it is
    given, for each sample event in each state (a third of the states in each part): by
    aiogram's routing and by the plans. The handlers stand in by noting themselves and
    passing the event on (``SkipHandler``), so every one that would take it is found, not
    just the first; middlewares are left out (the same either way)."""
    await compare(sqlite_url, monkeypatch, lambda states: states[part::3])


KEY = route_keys.Index.key


def captions_not_read(index: Any, update_type: str, event: Any, data: dict[str, Any]) -> Any:
    if update_type == "message" and event.text is None:
        return (Mark.NONE, Mark.NONE)
    return KEY(index, update_type, event, data)


def prefix_after_the_last_separator(
    index: Any, update_type: str, event: Any, data: dict[str, Any]
) -> Any:
    if update_type == "callback_query":
        return (event.data or "").rpartition(":")[0] or Mark.NONE
    return KEY(index, update_type, event, data)


def mention_kept_in_the_name(index: Any, text: str | None) -> Any:
    words = (text or "").split()
    return words[0][1:] if words and words[0][0] == "/" else Mark.NONE


BREAKAGES: dict[str, tuple[str, Callable[..., Any]]] = {
    "every command unknown": ("_command", lambda index, text: Mark.OTHER),
    "the mention kept in the name": ("_command", mention_kept_in_the_name),
    "captions not read": ("key", captions_not_read),
    "the prefix after the last separator": ("key", prefix_after_the_last_separator),
    "menu buttons failing": ("_button_verdict", lambda *args: route_keys.Verdict.FAILS),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
async def test_a_broken_index_is_caught(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, breakage: str
) -> None:
    name, broken = BREAKAGES[breakage]
    monkeypatch.setattr(route_keys.Index, name, broken)
    with pytest.raises(AssertionError, match=r"^\(None, '(message|callback_query)', \["):
        await compare(sqlite_url, monkeypatch, lambda states: states[:1])  # no state


async def compare(
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    pick: Callable[[list[str | None]], list[str | None]],
) -> None:
    taken: list[Any] = []

    async def stand_in(self: HandlerObject, *args: Any, **kwargs: Any) -> Any:
        taken.append((self, sorted(kwargs), kwargs.get("command"), kwargs.get("callback_data")))
        raise SkipHandler

    monkeypatch.setattr(HandlerObject, "call", stand_in)
    monkeypatch.setattr(TelegramEventObserver, "_resolve_middlewares", lambda self: [])
    dispatcher = kenes_dispatcher(sqlite_url)
    bot = Bot("42:test")
    bot._me = User(id=42, is_bot=True, first_name="Kenes", username="kenes_bot")
    i18n = dispatcher["i18n"]
    with i18n.context():
        await compare_decisions(dispatcher, bot, i18n, taken, pick(every_state(dispatcher)))
    await bot.session.close()


async def compare_decisions(
    dispatcher: Dispatcher,
    bot: Bot,
    i18n: Any,
    taken: list[Any],
    states: list[str | None],
) -> None:
    updates = sample_updates(dispatcher, i18n)
    assert len(updates) > 400
    storage = MemoryStorage()

    def event_chat(event: Any) -> Chat:
        return event.chat if isinstance(event, Message) else event.message.chat

    async def takers(update_type: str, event: Any, raw_state: str | None) -> list[Any]:
        key = StorageKey(bot_id=42, chat_id=event_chat(event).id, user_id=USER.id)
        state = FSMContext(storage, key)
        await state.set_state(raw_state)
        data = {
            **dispatcher.workflow_data,
            "bot": bot,
            "event_from_user": USER,
            "event_chat": event_chat(event),
            "raw_state": raw_state,
            "state": state,
        }
        taken.clear()
        observer = dispatcher.observers[update_type]
        await dispatcher._propagate_event(
            observer=observer, update_type=update_type, event=event, **data
        )
        return list(taken)

    def stock() -> None:
        for router in dispatcher.chain_tail:
            router.__dict__.pop("_propagate_event", None)

    handlers: set[int] = set()
    for raw_state in states:
        stock()
        plain = [await takers(kind, event, raw_state) for kind, event in updates]
        routing.index_routes(dispatcher)
        planned = [await takers(kind, event, raw_state) for kind, event in updates]
        for (kind, event), a, b in zip(updates, plain, planned, strict=True):
            seen = [getattr(event, name, None) for name in ("text", "caption", "data")]
            assert a == b, (raw_state, kind, seen)
            handlers.update(id(handler) for handler, *_data in a)
    if len(states) > 10:
        assert len(handlers) > 50  # many of Kenes' handlers take one of the samples here
