"""Residents find hearings (/hearings, the menu, a deep link), open a card in their
language, register and cancel within the seat limit (two residents racing for the last
seat), take an .ics file for their calendar, and meet stale and forged buttons politely."""

from __future__ import annotations

import logging
from datetime import UTC
from typing import Any

import pytest
from sqlalchemy import func, select

from models import HearingRsvp
from services import hearings
from services.staff import Actor, Role
from tests import ics_strict
from tests.e2e.conftest import AGREE_BUTTON, LANGUAGE_BUTTON, World
from tests.e2e.hearings_kit import (
    ADDRESS,
    ADMIN,
    DESCRIPTIONS,
    LANGUAGES,
    TITLES,
    H,
    card,
    moment,
    seed_hearing,
    stored_hearing,
    when_text,
)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"admin_ids": [ADMIN], "flood_burst": 1000}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_list_card_register_and_cancel(world: World, language: str) -> None:
    t = H[language]
    later = await seed_hearing(world, starts=moment(20), seats=None)
    sooner = await seed_hearing(world, starts=moment(3), seats=10)
    person = await world.resident(5001, language)

    [listing] = await person.send("/hearings")
    assert listing.content == "\n".join(
        [
            t["list_header"],
            f"1. {TITLES[language]}\n    {when_text(sooner.starts_at, language)} · {t['almaly']}",
            f"2. {TITLES[language]}\n    {when_text(later.starts_at, language)} · {t['almaly']}",
        ]
    )
    assert listing.buttons == ["1", "2", t["announcements"]]
    [menu_listing] = await person.tap(t["menu"])
    assert menu_listing.content == listing.content

    [opened] = await person.press("1", listing)
    assert opened.content == card(language, sooner.starts_at, seats=10)
    assert opened.buttons == [t["attend"], t["ask"], t["ics"], t["all"]]

    await person.press(t["attend"], opened)
    assert person.answers()[-1] == t["registered"]
    assert opened.content == card(
        language, sooner.starts_at, seats=10, taken=1, footer=t["registered_line"]
    )
    assert opened.buttons == [t["unattend"], t["ask"], t["ics"], t["all"]]

    await person.press(t["unattend"], opened)
    assert person.answers()[-1] == t["withdrawn"]
    assert opened.content == card(language, sooner.starts_at, seats=10)
    assert (await stored_hearing(world, sooner.id)).seats_taken == 0


@pytest.mark.parametrize("language", LANGUAGES)
async def test_two_residents_race_for_the_last_seat(world: World, language: str) -> None:
    t = H[language]
    hearing = await seed_hearing(world, starts=moment(5), seats=2)
    first = await world.resident(5101, language)
    racers = [await world.resident(5102, language), await world.resident(5103, language)]
    late = await world.resident(5104, language)
    await first.send(f"/start h_{hearing.id}")
    await first.press(t["attend"])
    for racer in racers:
        await racer.send(f"/start h_{hearing.id}")

    for racer in racers:  # both presses reach the bot before either is handled
        message = racer.last
        world.emulator.press(racer.id, message, message.button(t["attend"])["callback_data"])
    await world.settle()

    answers = sorted(str(racer.answers()[-1]) for racer in racers)
    assert answers == sorted([t["registered"], t["full"]])
    winner = next(r for r in racers if r.answers()[-1] == t["registered"])
    assert winner.last.content == card(
        language, hearing.starts_at, seats=2, taken=2, footer=t["registered_line"]
    )
    await late.send(f"/start h_{hearing.id}")
    await late.press(t["attend"])  # after the limit
    assert late.answers()[-1] == t["full"]
    async with world.kenes.sessionmaker() as session, session.begin():
        rsvps = await session.scalar(
            select(func.count()).where(HearingRsvp.hearing_id == hearing.id)
        )
    assert (rsvps, (await stored_hearing(world, hearing.id)).seats_taken) == (2, 2)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_calendar_file_in_the_residents_language(world: World, language: str) -> None:
    t = H[language]
    starts = moment(12, hour=10)
    hearing = await seed_hearing(world, starts=starts)
    person = await world.resident(5201, language)
    await person.send(f"/start h_{hearing.id}")

    [document] = await person.press(t["ics"])
    assert (
        document.content
        == {
            "kk": "📅 Тыңдауды күнтізбеге қосу үшін осы файлды ашыңыз.",
            "ru": "📅 Откройте этот файл, чтобы добавить слушание в календарь.",
        }[language]
    )
    attachment = document.extra["document"]
    assert attachment["file_name"] == f"hearing-{hearing.id}.ics"
    data = world.emulator.files[attachment["file_id"]].data
    # read back with the tests' strict RFC 5545 reader, not with icalendar that wrote it
    calendar, event = ics_strict.event(data)
    start = event.one("DTSTART")
    assert start.params == {"TZID": world.kenes.settings.tz.key}
    assert start.value == f"{starts.astimezone(world.kenes.settings.tz):%Y%m%dT%H%M%S}"
    assert ics_strict.instant(start, calendar) == starts.astimezone(UTC)
    assert ics_strict.text(event.one("SUMMARY")) == TITLES[language]
    assert ics_strict.text(event.one("DESCRIPTION")) == DESCRIPTIONS[language]
    assert ics_strict.text(event.one("LOCATION")) == ADDRESS
    assert event.one("UID").value == f"hearing-{hearing.id}@kenes_bot.t.me"


@pytest.mark.parametrize("language", LANGUAGES)
async def test_deep_links_open_the_card(world: World, language: str) -> None:
    hearing = await seed_hearing(world, starts=moment(4), seats=30)
    person = await world.resident(5301, language)

    [opened] = await person.send(f"/start h_{hearing.id}")
    assert opened.content == card(language, hearing.starts_at, seats=30)
    [missing] = await person.send("/start h_999")
    assert (
        missing.content
        == {
            "kk": "Бұл тыңдау табылмады. Алдағы тыңдауларды көру үшін /hearings жіберіңіз.",
            "ru": "Это слушание не найдено. Отправьте /hearings, чтобы увидеть предстоящие.",
        }[language]
    )


@pytest.mark.parametrize("language", LANGUAGES)
async def test_stale_and_forged_buttons(world: World, language: str) -> None:
    t = H[language]
    hearing = await seed_hearing(world, starts=moment(6), seats=5)
    person = await world.resident(5401, language)
    [opened] = await person.send(f"/start h_{hearing.id}")
    async with world.kenes.sessionmaker() as session:
        await hearings.cancel(session, hearing.id, Actor(ADMIN, Role.ADMIN), None)

    await person.press(t["attend"], opened)  # RSVP to a cancelled hearing
    assert person.answers()[-1] == t["closed"]
    assert opened.content == card(language, hearing.starts_at, seats=5, footer=t["cancelled_line"])
    assert opened.buttons == [t["all"]]
    assert await person.press_data(opened, f"hr1:{hearing.id}:ask") == []  # stale question
    assert (
        person.answers()[-1]
        == {
            "kk": "Бұл тыңдауға енді сұрақ қабылданбайды.",
            "ru": "На это слушание вопросы больше не принимаются.",
        }[language]
    )
    await person.press_data(opened, "hr1:999:rsvp")  # forged: no such hearing
    assert person.answers()[-1] == t["not_found"]
    await person.press_data(opened, f"hr1:{hearing.id}:boom")  # forged: no such action
    assert person.answers()[-1] == t["stale"]
    await person.press_data(opened, f"hs1:{hearing.id}:cancel_yes")  # a staff button
    assert person.answers()[-1] == t["staff_only"]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_list_has_pages(world: World, language: str) -> None:
    t = H[language]
    for day in range(1, 8):
        await seed_hearing(world, starts=moment(day))
    person = await world.resident(5501, language)

    [listing] = await person.send("/hearings")
    assert listing.buttons == ["1", "2", "3", "4", "5", "▶️", t["announcements"]]
    assert listing.content.endswith("\n" + t["page"].format(page=1, pages=2))
    await person.press("▶️", listing)
    assert listing.buttons == ["1", "2", "◀️", t["announcements"]]
    assert listing.content.startswith(t["list_header"] + "\n1. " + TITLES[language])
    assert listing.content.endswith("\n" + t["page"].format(page=2, pages=2))
    await person.press_data(listing, "hr1l:99")  # forged: past the end
    assert listing.content.endswith("\n" + t["page"].format(page=2, pages=2))
    [opened] = await person.press("2", listing)  # the 7th hearing
    assert opened.content.split("\n\n")[2].startswith(
        t["when"].format(date=when_text(moment(7), language))
    )


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_newcomer_gets_the_card_right_after_consent(world: World, language: str) -> None:
    hearing = await seed_hearing(world, starts=moment(4), seats=30)
    newcomer = world.person(5311, language_code=None)

    [greeting] = await newcomer.send(f"/start h_{hearing.id}")
    assert greeting.buttons == ["Қазақша", "Русский", "Qazaqşa (latyn)"]
    await newcomer.press(LANGUAGE_BUTTON[language])
    thanks, opened = await newcomer.press(AGREE_BUTTON[language])

    assert thanks.content.startswith({"kk": "Рақмет!", "ru": "Спасибо!"}[language])
    assert opened.content == card(language, hearing.starts_at, seats=30)
    assert opened.buttons == [H[language][b] for b in ("attend", "ask", "ics", "all")]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_forged_press_on_the_calendar_file_is_refused_quietly(
    world: World, language: str, caplog: pytest.LogCaptureFixture
) -> None:
    # The file has a caption, no text: a button whose handler redraws its message's text
    # (here the hearings list's page) cannot act on it. The press is answered as a stale
    # button, not with an apology for a failure of ours, and nothing is logged as an error.
    t = H[language]
    hearing = await seed_hearing(world, starts=moment(6))
    person = await world.resident(5601, language)
    await person.send(f"/start h_{hearing.id}")
    [document] = await person.press(t["ics"])
    caplog.set_level(logging.ERROR)

    assert await person.press_data(document, "hr1l:0") == []

    assert person.answers()[-1] == t["stale"]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
