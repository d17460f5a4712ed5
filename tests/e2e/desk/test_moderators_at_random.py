"""Two moderators at random in the moderators' group (seeded, so a failure can be
replayed): they press any button of any card or question, old or new, replay and forge
them, type into the questions or anywhere, and send commands and media. Every press is
answered, no error is logged, no text shows a placeholder or ``None``, and each resident is
told only about their own needs."""

from __future__ import annotations

import logging
import random
import re

import pytest

from playground.people import Person
from tests.e2e.conftest import World
from tests.e2e.desk.kit import staff
from tests.e2e.needs_kit import filed

STEPS = 150
RESIDENTS = (1001, 1002, 1003)
TEXTS = [
    *("/queue", "/start", "/help", "/stats", "/cancel", "/staff", "/newpoll", "/hearings"),
    *("жол жөнделді", "дорога отремонтирована", "ok", "a", "а" * 600, "<b>x</b>", "x"),
    *("1", "999", "\u200b", "№1", "🙂"),
]


async def _act(moderator: Person, rng: random.Random) -> str:
    roll = rng.random()
    # every message with buttons in the group: the cards, their questions, the queue
    messages = [message for message in moderator.inbox if message.button_data]
    cards = [m for m in messages if any(data.startswith("mq1:") for data in m.button_data)]
    if roll < 0.6 and messages:
        message = rng.choice(cards if cards and rng.random() < 0.5 else messages)
        data = rng.choice(message.button_data)
        if rng.random() < 0.1:
            data = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 3)), data)
            await moderator.press_data(message, data)
            return f"forged {data!r}"
        await moderator.press_data(message, data, forged=False)
        return f"press {data!r}"
    text = rng.choice(TEXTS)
    prompt = moderator.emulator.force_reply_prompt(moderator.chat_id, moderator.id)
    if roll < 0.85 and prompt is not None:
        await moderator.reply(text, prompt)
        return f"answer {text[:20]!r}"
    if roll > 0.96:
        await moderator.send_photo()
        return "photo"
    await moderator.send(text)
    return f"send {text[:20]!r}"


@pytest.mark.parametrize("seed", range(4))
async def test_moderators_at_random_are_always_answered(
    world: World, seed: int, caplog: pytest.LogCaptureFixture
) -> None:
    rng = random.Random(seed)
    desk = await staff(world, "kk" if seed % 2 == 0 else "ru")
    residents, numbers = [], {}
    for resident_id in RESIDENTS:
        language = rng.choice(["kk", "ru"])
        resident = await world.resident(resident_id, language)
        numbers[resident_id] = await filed(world, resident, language)
        residents.append(resident)
    await world.settle()
    caplog.set_level(logging.ERROR)
    problems: list[str] = []
    told = {resident.id: len(resident.inbox) for resident in residents}
    for step in range(STEPS):
        moderator = rng.choice([desk.one, desk.two])
        seen = len(moderator.inbox)
        what = await _act(moderator, rng)
        if any(
            q["user_id"] in (desk.one.id, desk.two.id) and q["answer"] is None
            for q in world.emulator.callbacks.values()
        ):
            problems.append(f"{step} {what}: a press left unanswered")
        for message in moderator.inbox[seen:]:
            if "{" in message.content or "None" in message.content:
                problems.append(f"{step} {what}: {message.content[:200]!r}")
    for resident in residents:
        for message in resident.inbox[told[resident.id] :]:
            others = {n for r, n in numbers.items() if r != resident.id}
            if any(number in message.content for number in others):
                problems.append(f"{resident.id} told of another's need: {message.content[:200]}")
            if "{" in message.content or "None" in message.content:
                problems.append(f"{resident.id}: {message.content[:200]!r}")
    problems += [
        f"logged: {record.getMessage()[:300]}"
        for record in caplog.records
        if record.levelno >= logging.ERROR
    ]
    assert not problems, "\n".join(problems[:30])
