"""Updates fed to a dispatcher the way Telegram would deliver them, and the flows of the
dispatch benchmark: a resident filing a need from the menu to the confirmation, and a
trivial exchange of the same shape for the bare dispatcher."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime

from aiogram import Bot, Dispatcher
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from bench.nullsession import BOT_USER, NullSession
from keyboards.needs import NeedPick, NeedStep

REPORT = {"kk": "📝 Өтініш беру", "ru": "📝 Подать обращение"}
WORDS = [
    "жол",
    "шұңқыр",
    "жарық",
    "су",
    "қоқыс",
    "аула",
    "бағдаршам",
    "тротуар",
    "аялдама",
    "сквер",
    "баспалдақ",
    "көпір",
]


class Feeder:
    def __init__(self, dispatcher: Dispatcher, bot: Bot) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.update_ids = iter(range(1, 10**9))
        self.latencies: list[float] = []

    async def feed(self, update: Update) -> None:
        started = time.perf_counter()
        await self.dispatcher.feed_update(self.bot, update)
        self.latencies.append(time.perf_counter() - started)

    def message(self, user_id: int, text: str) -> Update:
        return Update(
            update_id=next(self.update_ids),
            message=Message(
                message_id=next(self.update_ids),
                date=datetime.now(UTC),
                chat=Chat(id=user_id, type="private"),
                from_user=User(id=user_id, is_bot=False, first_name="R"),
                text=text,
            ),
        )

    def press(self, user_id: int, data: str) -> Update:
        return Update(
            update_id=next(self.update_ids),
            callback_query=CallbackQuery(
                id=str(next(self.update_ids)),
                from_user=User(id=user_id, is_bot=False, first_name="R"),
                chat_instance="1",
                data=data,
                message=Message(
                    message_id=1,
                    date=datetime.now(UTC),
                    chat=Chat(id=user_id, type="private"),
                    from_user=BOT_USER,
                    text="…",
                ),
            ),
        )


def need_flow(
    feeder: Feeder, session: NullSession, user_id: int, rng: random.Random
) -> list[Callable[[], Update]]:
    language = "kk" if user_id % 2 else "ru"
    description = " ".join(rng.choice(WORDS) for _ in range(12)) + f" {user_id}"
    category = rng.choice(["roads", "street_lighting", "waste", "utilities", "greening", "yards"])
    district = rng.choice(["almaly", "medeu", "bostandyk", "auezov", "alatau", "turksib"])
    return [
        lambda: feeder.message(user_id, REPORT[language]),
        lambda: feeder.press(user_id, NeedPick(field="category", code=category).pack()),
        lambda: feeder.press(user_id, NeedPick(field="district", code=district).pack()),
        lambda: feeder.message(user_id, f"{rng.choice(WORDS)} көшесі, {user_id % 200 + 1}"),
        lambda: feeder.message(user_id, description),
        lambda: feeder.press(user_id, NeedStep(action="photos_done").pack()),
        lambda: feeder.press(user_id, session.data_with_prefix(user_id, "nd1s")),
    ]


def trivial_flow(feeder: Feeder, user_id: int) -> list[Callable[[], Update]]:
    data = NeedStep(action="photos_done").pack()
    kinds = ["m", "c", "c", "m", "m", "c", "c"]  # the same shape as the need flow
    return [
        (lambda: feeder.message(user_id, "hello"))
        if kind == "m"
        else (lambda: feeder.press(user_id, data))
        for kind in kinds
    ]
