"""/staff in Kazakh and Russian: moderators and administrators see their tools and the
recent broadcasts; a moderator removed meanwhile is refused at the very next press."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import false

from models.notice import NoticeKind
from models.repositories.broadcasts import announceable
from services import broadcasts, notices, pseudonym
from services.staff import Actor, Role
from tests.e2e.conftest import World
from tests.e2e.staff import ADMIN, PANEL, TEXTS, appoint, audit_entries, dismiss

LANGUAGES = pytest.mark.parametrize("language", ["kk", "ru"])
MODERATOR = 5005


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"admin_ids": [ADMIN]}


@LANGUAGES
async def test_a_removed_moderator_is_refused_at_the_next_press(
    world: World, language: str
) -> None:
    p = PANEL[language]
    admin = await world.resident(ADMIN, language)
    moderator = await world.resident(MODERATOR, language)
    await appoint(admin, language, MODERATOR)

    [panel] = await moderator.send("/staff")
    assert panel.content == p["header"] + "\n" + p["moderator"] + "\n\n" + p["commands"]
    assert panel.buttons == [p["hearings"], p["broadcasts"]]
    await moderator.press(p["broadcasts"])
    assert panel.content == p["none"]
    assert panel.buttons == [p["back"]]

    await dismiss(admin, language, MODERATOR)
    assert await moderator.press(p["back"], panel) == []

    assert panel.content == p["none"]  # nothing was shown
    assert moderator.answers()[-1] == TEXTS[language]["staff_only"]
    assert [m.content for m in await moderator.send("/staff")] == [TEXTS[language]["staff_only"]]
    M = pseudonym.of(MODERATOR)  # no longer staff: pseudonymous
    assert (await audit_entries(world))[-2:] == [
        (M, None, "access.refused", "button:stf1:home", None, {"required": "moderator"}),
        (M, None, "access.refused", "/staff", None, {"required": "moderator"}),
    ]


@LANGUAGES
async def test_an_administrator_sees_broadcasts_and_moderators(
    world: World, language: str
) -> None:
    p = PANEL[language]
    admin = await world.resident(ADMIN, language)
    async with world.kenes.sessionmaker() as session:
        nobody = announceable().where(false())
        await broadcasts.create(
            session, kind="none", subject_id=None, audience=nobody, actor=Actor(ADMIN, Role.ADMIN)
        )
        async with session.begin():  # a notice to residents is no broadcast staff started
            await notices.queue_notice(
                session, kind=NoticeKind.UNBLOCK, audience=nobody, payload={"reason": None}
            )

    [panel] = await admin.send("/staff")
    assert panel.content == "\n".join(
        [p["header"], p["admin"], "", p["commands"], p["admin_commands"]]
    )
    assert panel.buttons == [p["hearings"], p["broadcasts"], p["moderators"]]

    await admin.press(p["broadcasts"])
    finished = {
        "kk": "✅ №1 тарату аяқталды\nЖіберілді: 0/0\nЖеткізілмеді: 0\nБотты бұғаттағандар: 0",
        "ru": "✅ Рассылка №1 завершена\nОтправлено: 0 из 0\nНе доставлено: 0\n"
        "Заблокировали бота: 0",
    }[language]
    assert panel.content == p["recent"] + "\n\n" + finished

    await admin.press(p["back"])
    await admin.press(p["moderators"])
    assert panel.content == TEXTS[language]["header"] + "\n" + TEXTS[language]["empty"]
