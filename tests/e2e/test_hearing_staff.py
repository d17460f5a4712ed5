"""Staff work on a published hearing, in Kazakh and Russian: a moderator reads and hides
questions, edits the hearing (those registered are told; seats never below them), cancels
it (subscribers and those registered are told) and publishes the outcome (those registered
and those who asked are told), each resident in their own language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import update

from models import Hearing
from playground.people import Person
from tests.e2e.conftest import World
from tests.e2e.hearings_kit import (
    ADMIN,
    LANGUAGES,
    TITLES,
    H,
    card,
    moment,
    seed_hearing,
    staff_card,
    stored_hearing,
    typed,
    when_text,
)
from tests.e2e.hearings_texts import STAFF
from tests.e2e.staff import appoint, audit_entries

MODERATOR = 6000
OUTCOME = {
    "kk": "Жоба мақұлданды. Сұрақтарға жауап: жұмыс 2027 жылдың мамырында басталады.",
    "ru": "Проект одобрен. Ответ на вопросы: работы начнутся в мае 2027 года.",
}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"admin_ids": [ADMIN], "flood_burst": 1000}


async def wait_for_text(world: World, person: Person, text: str) -> None:
    await world.wait_for(lambda: any(m.content == text for m in person.inbox), what=text)


def texts_since(person: Person, count: int) -> list[str]:
    return [m.content for m in person.inbox[count:]]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_questions_are_asked_and_a_moderator_hides_one(world: World, language: str) -> None:
    s, t = STAFF[language], H[language]
    admin = await world.resident(ADMIN, language)
    await world.resident(MODERATOR, language)
    await appoint(admin, language, MODERATOR)
    hearing = await seed_hearing(world, starts=moment(8))
    person = await world.resident(6101, language)
    await person.send(f"/start h_{hearing.id}")

    [prompt] = await person.press(t["ask"])
    assert prompt.content == s["ask_prompt"].format(title=TITLES[language])
    [problem] = await person.send("Сұрақ " * 166 + "Қашан")  # 1,001 characters
    assert problem.content == s["too_long"]
    [thanks] = await person.send("Жұмыс қашан басталады?")
    assert thanks.content == s["thanks"]

    moderator = await staff_card(world, language, MODERATOR)
    staff_view = moderator.last
    assert staff_view.buttons == [
        s["questions"].format(count=1),
        s["qr"],
        s["poll"],
        s["edit"],
        s["cancel"],
        s["back"],
    ]
    await moderator.press(s["questions"].format(count=1))
    assert staff_view.content.startswith(
        s["questions_header"].format(title=TITLES[language]) + "\n\n1. "
    )
    assert staff_view.content.endswith("\nЖұмыс қашан басталады?")
    await moderator.press(s["hide"].format(number=1))
    assert moderator.answers()[-1] == s["hidden"]
    assert staff_view.content == "\n\n".join(
        [s["questions_header"].format(title=TITLES[language]), s["no_questions"]]
    )
    assert (await audit_entries(world))[-1][:4] == (MODERATOR, "moderator", "question.hide", "1")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_an_edit_is_announced_to_those_registered(world: World, language: str) -> None:
    s, t = STAFF[language], H[language]
    hearing = await seed_hearing(world, starts=moment(8), seats=10)
    registered = [await world.resident(6201, "kk"), await world.resident(6202, "ru")]
    for person, lang in zip(registered, LANGUAGES, strict=True):
        await person.send(f"/start h_{hearing.id}")
        await person.press(H[lang]["attend"])
    bystander = await world.resident(6203, "kk")
    await bystander.send(f"/start h_{hearing.id}")  # saw it, did not register
    seen = {p.id: len(p.inbox) for p in [*registered, bystander]}
    await world.resident(ADMIN, language)
    admin = await staff_card(world, language)

    await admin.press(s["edit"])
    await admin.press(s["date_field"])
    moved = moment(9, hour=11)
    await admin.send(typed(moved))
    saved = await admin.press(s["save"])
    await wait_for_text(world, registered[0], _changed("kk", moved))
    await wait_for_text(world, registered[1], _changed("ru", moved))

    assert saved[0].content == t["changed"].format(number=hearing.id)
    for person, lang in zip(registered, ("kk", "ru"), strict=True):
        assert texts_since(person, seen[person.id]) == [_changed(lang, moved)]
    assert texts_since(bystander, seen[bystander.id]) == []
    jobs = {job.id: job.args for job in world.kenes.scheduler.get_jobs()}
    assert datetime.fromisoformat(jobs[f"hearing:{hearing.id}:remind:24h"][2]) == moved


def _changed(language: str, moved: Any) -> str:
    return STAFF[language]["changed_notice"] + "\n\n" + card(language, moved, seats=10, taken=2)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_cancellation_is_announced_to_subscribers_and_registered(
    world: World, language: str
) -> None:
    s = STAFF[language]
    subscriber = await world.resident(6301, "ru")
    await subscriber.tap(H["ru"]["menu"])
    await subscriber.press(H["ru"]["announcements"])
    await subscriber.press("🏙 Все слушания в городе")
    hearing = await seed_hearing(world, starts=moment(8))
    attendee = await world.resident(6302, "kk")
    await attendee.send(f"/start h_{hearing.id}")
    await attendee.press(H["kk"]["attend"])
    seen = {p.id: len(p.inbox) for p in (subscriber, attendee)}
    await world.resident(ADMIN, language)
    admin = await staff_card(world, language)
    assert any(job.id.startswith("hearing:") for job in world.kenes.scheduler.get_jobs())

    await admin.press(s["cancel"])
    await admin.press(s["yes_cancel"])
    notice = {
        lang: STAFF[lang]["cancelled_notice"].format(
            title=TITLES[lang], date=when_text(hearing.starts_at, lang)
        )
        for lang in LANGUAGES
    }
    await wait_for_text(world, attendee, notice["kk"])
    await wait_for_text(world, subscriber, notice["ru"])

    assert texts_since(attendee, seen[attendee.id]) == [notice["kk"]]
    assert texts_since(subscriber, seen[subscriber.id]) == [notice["ru"]]
    assert not any(job.id.startswith("hearing:") for job in world.kenes.scheduler.get_jobs())


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_outcome_reaches_those_registered_and_those_who_asked(
    world: World, language: str
) -> None:
    s = STAFF[language]
    hearing = await seed_hearing(world, starts=moment(1))
    attendee = await world.resident(6401, "kk")
    asker = await world.resident(6402, "ru")
    await attendee.send(f"/start h_{hearing.id}")
    await attendee.press(H["kk"]["attend"])
    await asker.send(f"/start h_{hearing.id}")
    await asker.press(H["ru"]["ask"])
    await asker.send("Когда начнутся работы?")
    async with world.kenes.sessionmaker() as session, session.begin():  # the day has come
        await session.execute(
            update(Hearing).where(Hearing.id == hearing.id).values(starts_at=moment(-1))
        )
    seen = {p.id: len(p.inbox) for p in (attendee, asker)}
    await world.resident(ADMIN, language)
    admin = await staff_card(world, language)

    await admin.press(s["outcome"])
    await admin.send(OUTCOME["kk"])
    await admin.send(OUTCOME["ru"])
    done = await admin.press(s["publish_outcome"])
    assert done[0].content == s["outcome_done"]
    expected = {
        lang: STAFF[lang]["outcome_notice"].format(title=TITLES[lang]) + "\n\n" + OUTCOME[lang]
        for lang in LANGUAGES
    }
    await wait_for_text(world, asker, expected["ru"])
    await wait_for_text(world, attendee, expected["kk"])

    assert texts_since(attendee, seen[attendee.id]) == [expected["kk"]]
    assert texts_since(asker, seen[asker.id]) == [expected["ru"]]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_seats_cannot_drop_below_those_registered(world: World, language: str) -> None:
    s, t = STAFF[language], H[language]
    hearing = await seed_hearing(world, starts=moment(8), seats=10)
    for user_id in (6501, 6502):
        person = await world.resident(user_id, language)
        await person.send(f"/start h_{hearing.id}")
        await person.press(t["attend"])
    await world.resident(ADMIN, language)
    admin = await staff_card(world, language)
    await admin.press(s["edit"])
    await admin.press({"kk": "Орындар", "ru": "Места"}[language])
    await admin.send("1")

    refused, question = await admin.press(s["save"])
    assert (
        refused.content
        == {
            "kk": "2 тұрғын тіркеліп қойған, сондықтан орын саны одан аз бола алмайды.",
            "ru": "Уже записались 2 жителя, поэтому мест не может быть меньше.",
        }[language]
    )
    assert question.content == t["seats"]
    await admin.send("2")
    saved = await admin.press(s["save"])
    assert saved[0].content == t["changed"].format(number=hearing.id)
    assert (await stored_hearing(world, hearing.id)).seats == 2
