"""Staff create a public hearing in a guided flow, in Kazakh and Russian: every step, bad
input kept at its step, the preview, publishing and the announcement to subscribers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import World
from tests.e2e.hearings_kit import (
    ADDRESS,
    ADMIN,
    DESCRIPTIONS,
    LANGUAGES,
    LINK,
    TITLES,
    H,
    card_lines,
    moment,
    typed,
)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"admin_ids": [ADMIN], "flood_burst": 1000}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_hearing_is_created_step_by_step_with_bad_input_kept(
    world: World, language: str
) -> None:
    t = H[language]
    admin = await world.resident(ADMIN, language)
    await admin.send("/staff")
    await admin.press(t["staff_hearings"])
    intro, question = await admin.press(t["new"])
    assert (intro.content, question.content) == (t["intro"], t["title_kk"])

    [problem] = await admin.send("А" * 256)  # a title over 255 characters
    assert problem.content == t["too_long"]
    [question] = await admin.send(TITLES["kk"])
    assert question.content == t["title_ru"]
    [question] = await admin.send(TITLES["ru"])
    assert question.content == t["description_kk"]
    [question] = await admin.send(DESCRIPTIONS["kk"])
    assert question.content == t["description_ru"]
    [question] = await admin.send(DESCRIPTIONS["ru"])
    assert question.content == t["starts_at"]

    [problem] = await admin.send("31.02.2027 15:00")  # no such day
    assert problem.content == t["malformed"]
    [problem] = await admin.send("завтра в три")
    assert problem.content == t["malformed"]
    [problem] = await admin.send(typed(moment(-1)))  # yesterday
    assert problem.content == t["past"]
    starts = moment(10)
    [question] = await admin.send(typed(starts))
    assert question.content == t["address"]
    assert question.buttons == [t["online_only"]]

    [question] = await admin.send(ADDRESS)
    assert question.content == t["link"]
    [problem] = await admin.send("meet.example.kz/abay")  # no scheme
    assert problem.content == t["bad_link"]
    [question] = await admin.send(LINK)
    assert question.content == t["district"]
    assert question.buttons[-1] == t["whole_city"]
    [question] = await admin.press(t["almaly"])
    assert question.content == t["topic"]
    [question] = await admin.press(t["roads"])
    assert question.content == t["seats"]
    [question] = await admin.send("25")
    assert question.content == t["questions_until"]
    [problem] = await admin.send(typed(moment(11)))  # after the start
    assert problem.content != t["questions_until"]
    until = moment(9, hour=18)
    [preview] = await admin.send(typed(until))

    assert preview.content == "\n\n".join(
        [
            t["check"],
            f"🇰🇿 {TITLES['kk']}\n{DESCRIPTIONS['kk']}",
            f"🇷🇺 {TITLES['ru']}\n{DESCRIPTIONS['ru']}",
            "\n".join(card_lines(language, starts, seats=25, questions_until=until)),
        ]
    )
    assert preview.buttons == [t["publish"], t["change"], t["cancel"]]

    published = await admin.press(t["publish"])
    assert published[0].content == t["published"].format(number=1) + "\n" + t["no_subscribers"]
    assert published[1].content.startswith(
        {"kk": "№1 тыңдау\n🏛 ", "ru": "Слушание №1\n🏛 "}[language] + TITLES[language]
    )
    jobs = sorted(
        job.id for job in world.kenes.scheduler.get_jobs() if job.id.startswith("hearing:")
    )
    assert jobs == ["hearing:1:remind:1h", "hearing:1:remind:24h"]
