"""Notices to residents go through the outbox: the moderator's update is over before any
resident is written to; a 429 storm delays the notices without anything being handled or
sent twice; an answer to an author who blocked Kenes shows as not delivered on the card."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlalchemy import insert

from models import NeedSupporter, Resident, utcnow
from playground.emulator import Fault
from tests.conftest import free_port
from tests.e2e.conftest import World
from tests.e2e.desk.kit import (
    BUTTONS,
    CROSSED,
    NAMES,
    NOTICE,
    ONE,
    SAY,
    STATUS,
    accept,
    audit_of,
    card,
    cards_of,
    confirm,
    latest_action_at,
    need_row,
    notice,
    open_buttons,
    settings_for,
    staff,
    when,
)
from tests.e2e.needs_kit import filed

SUPPORTERS = range(7001, 7013)
STORMED = SUPPORTERS[::4]  # each answers 429 twice before taking the notice
NOT_DELIVERED = {
    "kk": "💬 Жауап жеткізілмеді: тұрғын «Кеңес» ботын бұғаттаған",
    "ru": "💬 Ответ не доставлен: житель заблокировал бота «Кеңес»",
}
ASK_OWN = {
    "kk": "Орындалды: {number} өтініші бойынша жауап жіберілді.",
    "ru": "Готово: ответ по обращению {number} отправлен.",
}


@pytest.fixture(params=["polling", "webhook"])
def settings_overrides(request: pytest.FixtureRequest, ml: str) -> dict[str, Any]:
    """Long polling, and a webhook (where an update held too long would be delivered again)."""
    if request.param == "polling":
        return settings_for(ml)
    port = free_port()
    return settings_for(ml) | {
        "webhook_url": f"http://127.0.0.1:{port}/telegram/hook",
        "webhook_secret": "kenes-notices-test-secret-0123456789",
        "pseudonym_key": "notices-test-pseudonym-key-" + "0" * 32,
        "http_port": port,
    }


def language_of(telegram_id: int) -> str:
    return "kk" if telegram_id % 2 else "ru"


async def add_supporters(world: World, number: str) -> None:
    """Residents who pressed "+1" on the need (the button is tested on its own)."""
    need = await need_row(world, number)
    now = utcnow()
    async with world.kenes.sessionmaker() as session, session.begin():
        for telegram_id in SUPPORTERS:
            resident_id = await session.scalar(
                insert(Resident)
                .values(telegram_id=telegram_id, language=language_of(telegram_id), consent_at=now)
                .returning(Resident.id)
            )
            await session.execute(
                insert(NeedSupporter).values(need_id=need.id, resident_id=resident_id)
            )
    for telegram_id in SUPPORTERS:
        user = world.emulator.user(telegram_id, language_code=language_of(telegram_id))
        user.started = True
        world.emulator.private_chat(user)


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_a_429_storm_delays_the_notices_and_nothing_is_handled_or_sent_twice(
    world: World, rl: str, ml: str
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    await add_supporters(world, number)
    [posted] = await cards_of(world, number)
    for telegram_id in STORMED:
        world.emulator.faults.add(
            Fault("sendMessage", 429, retry_after=1, count=2, chat_id=telegram_id)
        )
    handled, start = world.tracker.handled, len(world.emulator.requests)

    await accept(desk.one, ml, posted)

    need = await need_row(world, number)
    requests = world.emulator.requests[start:]
    answered = [i for i, (name, _p) in enumerate(requests) if name == "answerCallbackQuery"][-1]
    everyone = [resident.id, *SUPPORTERS]
    told = [i for i, (name, p) in enumerate(requests)
            if name == "sendMessage" and int(p["chat_id"]) in everyone]  # fmt: skip
    assert answered < min(told)  # the moderator's update was over before anyone was told
    assert world.tracker.handled == handled + 2  # ✅ Accept and the public text, once each
    assert desk.one.answers()[-1] == SAY[ml]["done"].format(
        number=number, status=STATUS[ml]["accepted"]
    )
    assert [entry[1] for entry in await audit_of(world, number)] == ["need.accepted"]
    sends = Counter(int(requests[i][1]["chat_id"]) for i in told)
    assert sends == Counter([resident.id, *SUPPORTERS, *STORMED, *STORMED])  # 429s resent
    deadline = {lang: NOTICE[lang]["accepted"].format(deadline=when(need.deadline_at, lang, world))
                for lang in ("kk", "ru")}  # fmt: skip
    for telegram_id in [resident.id, *SUPPORTERS]:
        language = rl if telegram_id == resident.id else language_of(telegram_id)
        expected = notice(language, number, "accepted", deadline[language])
        texts = [m.content for m in world.emulator.bot_messages(telegram_id)]
        assert texts.count(expected) == 1, telegram_id
    [now] = await cards_of(world, number)
    at = await latest_action_at(world, number)
    accepted = (STATUS[ml]["accepted"], NAMES[ONE])
    assert now.content == card(
        world, ml, need, status="accepted", supporters=len(SUPPORTERS), last=accepted, last_at=at
    )
    assert now.buttons == open_buttons(ml, "accepted")


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_an_answer_to_an_author_who_blocked_kenes_shows_as_not_delivered_on_the_card(
    world: World, rl: str, ml: str
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    world.emulator.block(resident.id)
    await world.settle()
    told = len(world.emulator.bot_messages(resident.id))

    await desk.one.press(BUTTONS[ml]["rpl"])
    await desk.one.press(SAY[ml]["own"])
    await desk.one.answer("Жөндеу жұмыстары жоспарланды / ремонт запланирован")
    [done] = await confirm(desk.one, ml)

    assert done.content == ASK_OWN[ml].format(number=number)
    [now] = await cards_of(world, number)
    need = await need_row(world, number)
    at = await latest_action_at(world, number)
    shown = card(world, ml, need, last=(NOT_DELIVERED[ml], NAMES[ONE]), last_at=at)
    assert now.content == shown
    assert len(world.emulator.bot_messages(resident.id)) == told  # Telegram refused it
