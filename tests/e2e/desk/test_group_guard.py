"""The moderators' group is access to personal data, so Kenes guards it: as an administrator
of the group it hears who joins; someone who is neither a moderator nor an administrator of
Kenes is reported to the administrators in their language and (strict, the default) removed;
a removed moderator leaves the group and their private card copies say they are no longer
available; /staff lists who is in the group as Kenes knows it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import World
from tests.e2e.desk.kit import (
    BUTTONS,
    GROUP,
    NAMES,
    ONE,
    TWO,
    settings_for,
    staff,
)
from tests.e2e.needs_kit import filed
from tests.e2e.staff import ADMIN, dismiss

LANGUAGES = pytest.mark.parametrize("ml", ["kk", "ru"], indirect=True)
STRANGER = 7777
GUARD = {
    "kk": {
        "removed": "⚠️ Модераторлар тобына жаңа қатысушы кірді: Бөгде Адам (id: 7777). Ол "
        "«Кеңес» ботының модераторы да, әкімшісі де емес, сондықтан «Кеңес» оны топтан "
        "шығарды. Оны модератор етіп тағайындасаңыз, топқа қайта кіре алады (/moderators).",
        "reported": "⚠️ Модераторлар тобына жаңа қатысушы кірді: Бөгде Адам (id: 7777). Ол "
        "«Кеңес» ботының модераторы да, әкімшісі де емес, бірақ топтағы барлық карточканы "
        "оқи алады. Оны топтан шығарыңыз немесе модератор етіп тағайындаңыз (/moderators).",
        "gone": "Бұл карточка енді сізге қолжетімсіз.",
        "stays": "⚠️ «Кеңес» оны модераторлар тобынан шығара алмады. Оны топтан өзіңіз "
        "шығарыңыз немесе «Кеңес» ботын пайдаланушыларды бұғаттау құқығы бар топ әкімшісі "
        "етіңіз.",
        "header": "👥 Модераторлар тобында («Кеңес» ботының мәліметінше): {count}",
        "admin": "• {name}: «Кеңес» ботының әкімшісі",
        "moderator": "• {name}: «Кеңес» ботының модераторы",
        "stranger": "• {name}: ⚠️ модератор да, әкімші де емес",
        "not_admin": "⚠️ «Кеңес» модераторлар тобының әкімшісі емес, сондықтан топқа кім "
        "кіретінін көре алмайды және ешкімді шығара алмайды. «Кеңес» ботын пайдаланушыларды "
        "бұғаттау құқығы бар әкімші етіңіз.",
    },
    "ru": {
        "removed": "⚠️ В группу модераторов вступил(а) Бөгде Адам (id: 7777) — не модератор и "
        "не администратор бота «Кеңес». Бот «Кеңес» удалил этого человека из группы; он "
        "сможет вступить снова, когда Вы назначите его модератором (/moderators).",
        "reported": "⚠️ В группу модераторов вступил(а) Бөгде Адам (id: 7777) — не модератор "
        "и не администратор бота «Кеңес», но видит все карточки в группе. Удалите этого "
        "человека из группы или назначьте модератором (/moderators).",
        "gone": "Эта карточка Вам больше недоступна.",
        "stays": "⚠️ Боту «Кеңес» не удалось удалить этого человека из группы модераторов. "
        "Удалите его вручную или сделайте бота «Кеңес» администратором группы с правом "
        "блокировать пользователей.",
        "header": "👥 В группе модераторов (по сведениям бота «Кеңес»): {count}",
        "admin": "• {name}: администратор бота «Кеңес»",
        "moderator": "• {name}: модератор бота «Кеңес»",
        "stranger": "• {name}: ⚠️ не модератор и не администратор",
        "not_admin": "⚠️ Бот «Кеңес» не является администратором группы модераторов, поэтому "
        "не видит, кто вступает в группу, и не может никого удалить. Сделайте бота «Кеңес» "
        "администратором с правом блокировать пользователей.",
    },
}


async def guarded(world: World, ml: str) -> Any:
    """Two moderators in the group, the administrator its owner, Kenes made its
    administrator (which it hears, and then looks up who of the staff is there)."""
    desk = await staff(world, ml)
    world.emulator.user(STRANGER, first_name="Бөгде Адам", language_code="kk")
    world.emulator.make_owner(GROUP, ADMIN)
    world.emulator.promote(GROUP, world.emulator.bot.id, by=ADMIN)
    await world.settle()
    return desk


def calls(world: World, method: str) -> list[dict[str, Any]]:
    return [params for name, params in world.emulator.requests if name.lower() == method]


@LANGUAGES
async def test_a_stranger_who_joins_is_reported_in_the_admins_language_and_removed(
    world: World, ml: str
) -> None:
    desk = await guarded(world, ml)
    told = len(desk.admin.inbox)

    world.emulator.join(STRANGER, GROUP)
    await world.settle()

    assert [m.content for m in desk.admin.inbox[told:]] == [GUARD[ml]["removed"]]
    assert STRANGER not in world.emulator.chats[GROUP].members
    assert [int(p["user_id"]) for p in calls(world, "banchatmember")] == [STRANGER]
    assert [int(p["user_id"]) for p in calls(world, "unbanchatmember")] == [STRANGER]
    world.emulator.leave(ONE, GROUP)
    world.emulator.join(ONE, GROUP)  # a moderator may come and go
    await world.settle()
    assert len(desk.admin.inbox) == told + 1
    assert ONE in world.emulator.chats[GROUP].members


@pytest.fixture
def settings_overrides(ml: str, request: pytest.FixtureRequest) -> dict[str, Any]:
    lenient = "lenient" in request.node.name
    return settings_for(ml) | ({"moderator_chat_strict": False} if lenient else {})


@LANGUAGES
async def test_lenient_a_stranger_is_reported_and_listed_by_staff(world: World, ml: str) -> None:
    desk = await guarded(world, ml)
    told = len(desk.admin.inbox)

    world.emulator.join(STRANGER, GROUP)
    await world.settle()

    assert [m.content for m in desk.admin.inbox[told:]] == [GUARD[ml]["reported"]]
    assert STRANGER in world.emulator.chats[GROUP].members
    assert calls(world, "banchatmember") == []
    [panel] = await desk.admin.send("/staff")
    g = GUARD[ml]
    assert panel.content.endswith(
        "\n".join(
            [
                g["header"].format(count=4),
                g["moderator"].format(name=NAMES[ONE]),
                g["stranger"].format(name="Бөгде Адам"),
                g["moderator"].format(name=NAMES[TWO]),
                g["admin"].format(name=NAMES[ADMIN]),
            ]
        )
    )


@LANGUAGES
async def test_a_removed_moderator_leaves_the_group_and_their_cards(world: World, ml: str) -> None:
    desk = await guarded(world, ml)
    resident = await world.resident(1001, "kk")
    number = await filed(world, resident, "kk")
    private = world.person(ONE, language_code=None)
    [listing] = await private.send("/queue")
    [copy] = await private.press(f"📄 {number}", listing)  # ONE's own copy of the card

    await dismiss(desk.admin, ml, ONE)

    assert ONE not in world.emulator.chats[GROUP].members
    assert copy.content == GUARD[ml]["gone"] and copy.buttons == []
    edits = len(copy.edits)
    await desk.two.press(BUTTONS[ml]["acc"])  # the need changes: ONE's copy stays as it is
    assert len(copy.edits) == edits
    [panel] = await desk.admin.send("/staff")
    assert NAMES[ONE] not in panel.content


@LANGUAGES
async def test_a_removed_moderator_kenes_cannot_take_out_of_the_group_is_reported(
    world: World, ml: str
) -> None:
    desk = await staff(world, ml)  # Kenes is not an administrator of the group

    await dismiss(desk.admin, ml, ONE)

    assert desk.admin.last.content == GUARD[ml]["stays"]
    assert ONE in world.emulator.chats[GROUP].members


@LANGUAGES
async def test_a_stranger_kenes_did_not_see_join_is_removed_when_they_post(
    world: World, ml: str
) -> None:
    """Someone who was in the group before Kenes became its administrator (so Kenes never
    heard them join) reads every card too: the first time they say anything there, they
    are handled as if they had just joined; the staff's own messages change nothing."""
    desk = await staff(world, ml)
    world.emulator.user(STRANGER, first_name="Бөгде Адам", language_code="kk")
    world.emulator.join(STRANGER, GROUP)  # Kenes is not an administrator yet: it hears nothing
    world.emulator.make_owner(GROUP, ADMIN)
    world.emulator.promote(GROUP, world.emulator.bot.id, by=ADMIN)
    await world.settle()
    told = len(desk.admin.inbox)
    assert STRANGER in world.emulator.chats[GROUP].members

    await desk.one.send("сәлем / привет")  # a moderator talking: nobody is reported
    assert len(desk.admin.inbox) == told
    stranger = world.person(STRANGER, language_code=None, chat_id=GROUP)
    await stranger.send("мен мұндамын / я здесь")

    assert [m.content for m in desk.admin.inbox[told:]] == [GUARD[ml]["removed"]]
    assert STRANGER not in world.emulator.chats[GROUP].members
    assert [int(p["user_id"]) for p in calls(world, "banchatmember")] == [STRANGER]


@LANGUAGES
async def test_a_stranger_kenes_did_not_see_join_is_removed_when_they_press_a_card(
    world: World, ml: str
) -> None:
    """A stranger who only reads and presses: the card's button is refused (staff only), and
    the press tells Kenes they are there."""
    desk = await staff(world, ml)
    world.emulator.user(STRANGER, first_name="Бөгде Адам", language_code="kk")
    world.emulator.join(STRANGER, GROUP)
    world.emulator.make_owner(GROUP, ADMIN)
    world.emulator.promote(GROUP, world.emulator.bot.id, by=ADMIN)
    resident = await world.resident(1001, "kk")
    await filed(world, resident, "kk")
    await world.settle()
    told = len(desk.admin.inbox)
    stranger = world.person(STRANGER, language_code=None, chat_id=GROUP)

    await stranger.press(BUTTONS[ml]["acc"])

    refused = "Бұл тек әкімдік қызметкерлеріне арналған."  # the stranger's language
    assert stranger.answers()[-1] == refused
    assert [m.content for m in desk.admin.inbox[told:]] == [GUARD[ml]["removed"]]
    assert STRANGER not in world.emulator.chats[GROUP].members


@LANGUAGES
async def test_a_removed_moderator_left_in_the_group_goes_when_they_next_post(
    world: World, ml: str
) -> None:
    """Kenes could not take a removed moderator out of the group (it lacked the right, and
    said so); once it has the right, their next message there takes them out."""
    desk = await staff(world, ml)
    world.emulator.make_owner(GROUP, ADMIN)  # Kenes an administrator that may not ban
    world.emulator.promote(GROUP, world.emulator.bot.id, by=ADMIN, can_delete_messages=True)
    await world.settle()
    await dismiss(desk.admin, ml, ONE)
    assert desk.admin.last.content == GUARD[ml]["stays"]
    world.emulator.promote(GROUP, world.emulator.bot.id, by=ADMIN)  # now it may
    await world.settle()

    await desk.two.send("сәлем / привет")  # a moderator stays
    await desk.one.send("мен әлі осындамын / я ещё здесь")

    assert ONE not in world.emulator.chats[GROUP].members
    assert TWO in world.emulator.chats[GROUP].members
