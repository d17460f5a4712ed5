"""Routing past the routers that have nothing for an update (bot/routing.py) picks the same
handler as aiogram's own routing, and visits fewer routers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher, F, Router
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from bot.routing import skip_unreachable_routers

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
