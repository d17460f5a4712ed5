"""Texts Kenes builds from what staff typed stay within Telegram's 4,096 UTF-16 units (the
emulator refuses longer ones, as Telegram does): the hearing preview with two descriptions,
the outcome preview with two outcomes, and a resident's card with a description and an
outcome. Each is tried with 2,000 emoji (two UTF-16 units each) per typed text; what gives
way is the typed text, shortened with "…", never the buttons or the details."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from bot.render import MAX_TEXT, utf16_length
from models import Hearing
from tests.e2e.conftest import World
from tests.e2e.hearings_kit import (
    ADMIN,
    LANGUAGES,
    TITLES,
    H,
    create_hearing,
    moment,
    seed_hearing,
    staff_card,
)
from tests.e2e.hearings_texts import STAFF

EMOJI = "🏙" * 1988  # with the words below, 2,000 characters: the longest description allowed
LONG = {"kk": "Абай жобасы " + EMOJI, "ru": "Проект Абая " + EMOJI}
assert all(len(text) == 2000 for text in LONG.values())
OUTCOME_HEADER = {"kk": "Қорытындысы:", "ru": "Итоги:"}
OUTCOME_CHECK = {"kk": "Қорытындыны тексеріңіз.", "ru": "Пожалуйста, проверьте итоги."}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"admin_ids": [ADMIN], "flood_burst": 1000}


def assert_fits_and_shortens(text: str) -> None:
    assert utf16_length(text) <= MAX_TEXT
    assert "🏙…" in text  # the typed text gave way, visibly


def test_each_typed_text_alone_is_near_the_limit() -> None:
    # Two of them cannot share a message: what the tests below prove is not trivial.
    assert all(utf16_length(text) > MAX_TEXT // 2 for text in LONG.values())


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_hearing_preview_with_two_2000_emoji_descriptions_fits(
    world: World, language: str
) -> None:
    t = H[language]
    staff = await world.resident(ADMIN, language)

    [preview] = await create_hearing(staff, language, starts=moment(10), descriptions=LONG)

    assert preview.content.startswith(t["check"] + "\n\n🇰🇿 " + TITLES["kk"] + "\nАбай жобасы 🏙")
    assert f"🇷🇺 {TITLES['ru']}\nПроект Абая 🏙" in preview.content
    assert_fits_and_shortens(preview.content)
    assert t["publish"] in preview.buttons

    await staff.press(t["publish"], preview)  # what is stored is whole
    async with world.kenes.sessionmaker() as session, session.begin():
        stored = (await session.execute(Hearing.__table__.select())).one()
    assert (stored.description_kk, stored.description_ru) == (LONG["kk"], LONG["ru"])


@pytest.mark.parametrize("language", LANGUAGES)
async def test_an_outcome_preview_with_two_2000_emoji_outcomes_fits(
    world: World, language: str
) -> None:
    s = STAFF[language]
    hearing = await seed_hearing(world, starts=moment(1))
    async with world.kenes.sessionmaker() as session, session.begin():  # the day has come
        await session.execute(
            update(Hearing).where(Hearing.id == hearing.id).values(starts_at=moment(-1))
        )
    await world.resident(ADMIN, language)
    admin = await staff_card(world, language)

    await admin.press(s["outcome"])
    await admin.send(LONG["kk"])
    [preview] = await admin.send(LONG["ru"])

    assert preview.content.startswith(OUTCOME_CHECK[language] + "\n\n🇰🇿 Абай жобасы 🏙")
    assert "\n\n🇷🇺 Проект Абая 🏙" in preview.content
    assert_fits_and_shortens(preview.content)
    done = await admin.press(s["publish_outcome"], preview)
    assert done[0].content == s["outcome_done"]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_resident_card_with_a_2000_emoji_description_and_outcome_fits(
    world: World, language: str
) -> None:
    hearing = await seed_hearing(world, starts=moment(1))
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(
            update(Hearing)
            .where(Hearing.id == hearing.id)
            .values(
                starts_at=moment(-1),
                description_kk=LONG["kk"],
                description_ru=LONG["ru"],
                outcome_kk=LONG["kk"],
                outcome_ru=LONG["ru"],
                outcome_at=moment(-0.5),
            )
        )
    person = await world.resident(6501, language)

    [card] = await person.send(f"/start h_{hearing.id}")

    assert card.content.startswith("🏛 " + TITLES[language] + "\n\n" + LONG[language][:12])
    assert f"\n\n{OUTCOME_HEADER[language]}\n" + LONG[language][:12] in card.content
    assert_fits_and_shortens(card.content)
    assert card.buttons  # the card's buttons came with it

    staff = await staff_card(world, language)  # the staff copy has a header on top, and fits
    assert_fits_and_shortens(staff.inbox[-1].content)
    assert OUTCOME_HEADER[language] in staff.inbox[-1].content
