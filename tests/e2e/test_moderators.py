"""/moderators in Kazakh and Russian: an administrator adds moderators by id and by a
forwarded message, lists and removes them; everyone else is refused, and every action and
refusal is in the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.i18n import format_day
from keyboards.moderators import RemoveModerator
from models import StaffMember
from services import pseudonym
from tests.e2e.conftest import World
from tests.e2e.staff import ADMIN, TEXTS, appoint, audit_entries

LANGUAGES = pytest.mark.parametrize("language", ["kk", "ru"])


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"admin_ids": [ADMIN]}


def today(world: World, language: str) -> str:
    return format_day(datetime.now(world.kenes.settings.tz).date(), language)


async def staff_row(world: World, telegram_id: int) -> StaffMember | None:
    async with world.kenes.sessionmaker() as session, session.begin():
        result = await session.execute(
            select(StaffMember).where(StaffMember.telegram_id == telegram_id)
        )
        return result.scalar_one_or_none()


@LANGUAGES
async def test_admin_adds_by_id_lists_and_removes(world: World, language: str) -> None:
    t = TEXTS[language]
    admin = await world.resident(ADMIN, language)

    [listing] = await admin.send("/moderators")
    assert listing.content == t["header"] + "\n" + t["empty"]
    assert listing.buttons == [t["add"]]

    [prompt] = await admin.press(t["add"])
    assert prompt.content == t["prompt"]

    [added] = await admin.send(" 5005 ")
    line = t["line"].format(name="5005", date=today(world, language))
    assert added.content == t["added"].format(name="5005") + "\n\n" + t["header"] + "\n" + line
    assert added.buttons == [t["remove"].format(name="5005"), t["add"]]
    row = await staff_row(world, 5005)
    assert row is not None and row.active and row.added_by == ADMIN

    assert await admin.press(t["remove"].format(name="5005")) == []  # the list is edited
    assert admin.last.content == t["confirm"].format(name="5005")
    assert admin.last.buttons == [t["yes"], t["no"]]

    await admin.press(t["yes"])
    assert admin.last.content == t["header"] + "\n" + t["empty"]
    assert admin.answers()[-1] == t["removed"]
    row = await staff_row(world, 5005)
    assert row is not None and not row.active and row.removed_at is not None
    assert await audit_entries(world) == [
        (ADMIN, "admin", "moderator.add", "5005", None, {"active": True, "role": "moderator"}),
        (ADMIN, "admin", "moderator.remove", "5005", {"active": True}, {"active": False}),
    ]


@LANGUAGES
async def test_admin_adds_by_forwarded_message(world: World, language: str) -> None:
    t = TEXTS[language]
    admin = await world.resident(ADMIN, language)
    world.emulator.user(5006, first_name="Айгерім <b>")  # a name that needs escaping
    await admin.send("/moderators")
    await admin.press(t["add"])

    [hidden] = await admin.forward("Сәлем", hidden_name="Secret <Person>")
    assert hidden.html == t["hidden"]
    [not_id] = await admin.send("Айгерім")
    assert not_id.content == t["not_id"]

    [added] = await admin.forward("Сәлем", origin=5006)
    name = "Айгерім <b> (5006)"  # as a person reads it: the bot escaped the name
    assert added.content.startswith(t["added"].format(name=name) + "\n\n" + t["header"])
    assert added.buttons == [t["remove"].format(name=name), t["add"]]
    row = await staff_row(world, 5006)
    assert row is not None and row.active and row.name == "Айгерім <b>"

    await admin.press(t["add"])
    [again] = await admin.send("5006")
    assert again.content.startswith(t["already"].format(name="5006") + "\n\n")


@LANGUAGES
async def test_residents_and_moderators_are_refused(world: World, language: str) -> None:
    t = TEXTS[language]
    admin = await world.resident(ADMIN, language)
    resident = await world.resident(1001, language)
    moderator = await world.resident(5005, language)
    await appoint(admin, language, 5005)

    assert [m.content for m in await resident.send("/moderators")] == [t["staff_only"]]
    assert [m.content for m in await moderator.send("/moderators")] == [t["admins_only"]]
    entries = await audit_entries(world)
    assert entries[-2:] == [
        (pseudonym.of(1001), None, "access.refused", "/moderators", None, {"required": "admin"}),
        (5005, "moderator", "access.refused", "/moderators", None, {"required": "admin"}),
    ]


@LANGUAGES
async def test_forged_remove_button_from_a_resident_is_refused_and_logged(
    world: World, language: str
) -> None:
    t = TEXTS[language]
    admin = await world.resident(ADMIN, language)
    resident = await world.resident(1001, language)
    await appoint(admin, language, 5005)

    forged = RemoveModerator(user_id=5005, page=0, confirmed=True).pack()
    assert await resident.press_data(resident.last, forged) == []

    assert resident.answers()[-1] == t["staff_only"]
    row = await staff_row(world, 5005)
    assert row is not None and row.active
    assert (await audit_entries(world))[-1] == (
        pseudonym.of(1001),
        None,
        "access.refused",
        "button:" + forged,
        None,
        {"required": "admin"},
    )
