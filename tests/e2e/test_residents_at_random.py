"""Residents who press any button, old or new, forge and replay them, and type or send
anything, in any order (seeded, so a failure can be replayed): every action gets an answer,
every button press is answered, no error is logged, and no text shows a placeholder, ``None``,
a message id or English."""

from __future__ import annotations

import enum
import importlib
import logging
import pkgutil
import random
import re
import typing

import pytest
from aiogram.filters.callback_data import CallbackData
from sqlalchemy import func, select

import keyboards
from models.audit import AuditEntry
from playground.people import Person
from tests.e2e.conftest import World
from tests.e2e.hearings_kit import moment, seed_hearing
from tests.e2e.polls_kit import ADMIN, Draft, create_poll, sent_out

STEPS = 150
TEXTS = [
    *("/start", "/help", "/privacy", "/delete_me", "/stats", "/cancel", "/teleport"),
    *("/start abc", "/start hearing_999", "/start need_1", "сәлем", "привет", " ", "\u200b"),
    *("а" * 5000, "🙂" * 50, "<b>x</b>", "&amp;", "{name}", "%s", "Абай көшесі 1", "12345"),
    *("-1", "999999999999", "иә", "жоқ", "да", "нет", "ул. Абая 1", "\u202e"),
]
# Words of a message id or of English, in what the bot wrote (commands aside)
_COMMAND = re.compile(r"/[a-z_]+")
_LATIN = re.compile(r"\b[A-Za-z_]{3,}\b")
_ENGLISH = {
    *("the", "and", "error", "please", "button", "you", "your", "not", "found", "none", "null"),
    *("true", "false", "need", "poll", "hearing", "resident", "district", "category", "status"),
    *("send", "cancel", "back", "menu", "help", "with", "from", "this", "that", "traceback"),
}


# Staff buttons (the moderators' cards, queue, lists, hearings, polls, moderators): a
# resident who forges one is refused, whatever it carries
_STAFF_PREFIXES = ("mq1", "mod1", "stf1", "hs1", "hf1", "ho1", "pn1", "pm1", "hid1", "lib1")
_WORDS = ("accept", "reject", "resolve", "close", "block", "new", "1", "kk", "ru", "roads")


def _staff_buttons() -> list[type[CallbackData]]:
    for module in pkgutil.iter_modules(keyboards.__path__):
        importlib.import_module(f"keyboards.{module.name}")
    found, seen = [], set()
    classes = list(CallbackData.__subclasses__())
    while classes:
        cls = classes.pop()
        classes += cls.__subclasses__()
        prefix = cls.__prefix__
        if prefix.startswith(_STAFF_PREFIXES) and prefix not in seen:
            seen.add(prefix)
            found.append(cls)
    return sorted(found, key=lambda cls: cls.__prefix__)


STAFF_BUTTONS = _staff_buttons()


def _value(rng: random.Random, annotation: typing.Any) -> typing.Any:
    options = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    kind = rng.choice(options)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return rng.choice(list(kind))
    if kind is bool:
        return rng.random() < 0.5
    if kind is int:
        return rng.randint(1, 3)
    return rng.choice(_WORDS)


def _staff_forgery(rng: random.Random) -> str:
    cls = rng.choice(STAFF_BUTTONS)
    values = {name: _value(rng, f.annotation) for name, f in cls.model_fields.items()}
    return cls(**values).pack()


def _forged(rng: random.Random, data: str) -> str:
    return rng.choice(
        [
            re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 50)), data),
            data + ":999",
            data.split(":")[0] + ":",
            "del1:1",
            "x" * 64,
            "",
        ]
    )


async def _act(person: Person, rng: random.Random) -> str:
    roll = rng.random()
    if roll > 0.92 and person.inbox:  # a staff button forged on any message of the bot
        data = _staff_forgery(rng)
        await person.press_data(rng.choice(person.inbox[-6:]), data)
        return f"forged {data!r}"
    messages = [message for message in person.inbox[-6:] if message.button_data]
    if roll < 0.45 and messages:
        message = rng.choice(messages)  # the newest or an older one: a replay
        data = rng.choice(message.button_data)
        if rng.random() < 0.15:
            data = _forged(rng, data)
            await person.press_data(message, data)
            return f"forged {data!r}"
        await person.press_data(message, data, forged=False)
        return f"press {data!r}"
    if roll < 0.7 and person.keyboard:
        label = rng.choice(person.keyboard)
        await person.send(label)
        return f"tap {label!r}"
    if roll < 0.82:
        kind = rng.choice(["photo", "location", "voice", "sticker", "document", "video_note"])
        if kind == "photo":
            await person.send_photo(caption=rng.choice([None, "сурет"]))
        elif kind == "location":
            await person.share_location(rng.uniform(-90, 90), rng.uniform(-180, 180))
        elif kind == "voice":
            await person.send_voice(duration=rng.randint(1, 400))
        elif kind == "sticker":
            await person.send_sticker()
        elif kind == "document":
            await person.send_document()
        else:
            await person.send_video_note()
        return kind
    text = rng.choice(TEXTS)
    if rng.random() < 0.5 and person.emulator.force_reply_prompt(person.chat_id, person.id):
        await person.answer(text)
        return f"answer {text[:20]!r}"
    await person.send(text)
    return f"send {text[:20]!r}"


def _seen(person: Person) -> tuple[int, int]:
    """What a person can notice: messages sent or edited in the chat."""
    return len(person.inbox), sum(len(message.edits) for message in person.inbox)


def _odd_words(text: str) -> set[str]:
    words = _LATIN.findall(_COMMAND.sub("", text))
    return {w for w in words if w.lower() in _ENGLISH or "_" in w}


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    # flood control has its own tests; a moderator publishes a poll
    return {"flood_burst": 10_000, "flood_rate": 1_000.0, "admin_ids": [ADMIN]}


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("published", [False, True], ids=["nothing", "poll_and_hearing"])
async def test_a_resident_at_random_always_gets_an_answer(
    world: World, seed: int, published: bool, caplog: pytest.LogCaptureFixture
) -> None:
    rng = random.Random(seed)
    person = await world.resident(7000 + seed, "kk" if seed % 2 == 0 else "ru")
    if published:  # a hearing with one seat and open questions, and a poll sent to them
        await seed_hearing(world, starts=moment(5), seats=1, questions_until=moment(4))
        moderator = await world.resident(ADMIN, "kk")
        poll_id, _closes = await create_poll(world, moderator, "kk", Draft())
        await sent_out(world, poll_id)
        await world.settle()
    caplog.set_level(logging.ERROR)
    problems: list[str] = []
    for step in range(STEPS):
        before, sent = _seen(person), len(person.inbox)
        what = await _act(person, rng)
        if _seen(person) == before and not what.startswith(("press", "forged")):
            problems.append(f"{step} {what}: no answer")
        if any(
            q["user_id"] == person.id and q["answer"] is None
            for q in world.emulator.callbacks.values()
        ):
            problems.append(f"{step} {what}: a button press left unanswered")
        for message in person.inbox[sent:]:
            text = message.content
            if _odd_words(text) or "{" in text or "None" in text:
                problems.append(f"{step} {what}: {_odd_words(text)} in {text[:200]!r}")
    problems += [
        f"logged: {record.getMessage()[:300]}"
        for record in caplog.records
        if record.levelno >= logging.ERROR
    ]
    async with world.kenes.sessionmaker() as session, session.begin():
        as_staff = select(func.count()).where(AuditEntry.actor_id == person.id)
        if await session.scalar(as_staff):
            problems.append("the resident acted as staff (audit log)")
    assert not problems, "\n".join(problems[:30])
