"""The digest's SDG 16.7.2 section, as the moderators' group sees it: left out when no pulse
had closed with answers by the end of the period, and the first quarter's indicator with
nothing to compare it with. (With two quarters: ``test_digest.py``.)"""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from services.periods import parse
from tests.e2e import digest_pulse as pulse
from tests.e2e.conftest import World

GROUP = -100778
# A day's digest with nothing in it: no need, no rating, no poll, no hearing.
BARE = {
    "kk": "📊 Күнделікті шолу: {day}\n\n"
    "Жаңа өтініштер: 0\n\n"
    "Кезең соңында ашық өтініштер: 0, оның ішінде мерзімі өткені: 0\n\n"
    "Бірде-бір қызмет бағаланған жоқ.",
    "ru": "📊 Ежедневная сводка: {day}\n\n"
    "Новых обращений: 0\n\n"
    "Открыто на конец периода: 0, из них просрочено: 0\n\n"
    "Оценок услуг не было.",
}
DAYS = {
    "2025-11-26": {"kk": "2025 жылғы 26 қараша", "ru": "26 ноября 2025 г."},
    "2025-07-20": {"kk": "2025 жылғы 20 шілде", "ru": "20 июля 2025 г."},
    "2025-08-01": {"kk": "2025 жылғы 1 тамыз", "ru": "1 августа 2025 г."},
}


@pytest.fixture(params=["kk", "ru"])
def settings_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    return {"moderator_chat_id": GROUP, "default_language": request.param}


@pytest.fixture
async def language(world: World, settings_overrides: dict[str, Any]) -> str:
    """The moderators' group's language, once the group exists and the start-up jobs are
    done and paused."""
    world.emulator.group(GROUP, "Moderators", [900])
    world.kenes.scheduler.pause()
    await world.kenes.dispatcher["exports"].idle()
    return str(settings_overrides["default_language"])


async def digest_of(world: World, day: str) -> tuple[str, list[str]]:
    """The digest's text and its spreadsheet's sheet names."""
    await world.kenes.dispatcher["exports"].digests.send(parse(day))
    text, _photo, document = world.emulator.bot_messages(GROUP)[-3:]
    stored = world.emulator.files[document.extra["document"]["file_id"]]
    return text.content, load_workbook(io.BytesIO(stored.data)).sheetnames


async def test_no_pulse_section_without_pulse_data(world: World, language: str) -> None:
    text, sheets = await digest_of(world, "2025-11-26")

    assert text == BARE[language].format(day=DAYS["2025-11-26"][language])
    assert len(sheets) == 2  # needs and ratings, no pulse sheet


async def test_the_first_pulse_shows_once_closed_with_nothing_to_compare(
    world: World, language: str
) -> None:
    await pulse.seed(world.kenes.sessionmaker, ["2025Q3"])  # open 15-29 July 2025

    while_open, while_open_sheets = await digest_of(world, "2025-07-20")
    closed, closed_sheets = await digest_of(world, "2025-08-01")

    assert while_open == BARE[language].format(day=DAYS["2025-07-20"][language])
    first = BARE[language].format(day=DAYS["2025-08-01"][language]) + pulse.FIRST[language]
    assert closed == first
    assert (len(while_open_sheets), closed_sheets[2]) == (2, pulse.SHEET[language][0])
