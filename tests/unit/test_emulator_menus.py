"""The emulator keeps a command menu per scope (type, chat, member) and language, refuses a
scope Telegram would refuse, and shows each person the menu Telegram would resolve."""

from __future__ import annotations

import json
from typing import Any

import pytest

from playground.emulator import BotApiError, Emulator
from playground.emulator.menus import Scope
from playground.emulator.params import Params

ME, OTHER, GROUP = 1001, 1002, -100500


def emulator() -> Emulator:
    api = Emulator()
    api.private_chat(api.user(ME))
    api.user(OTHER)
    api.group(GROUP, "Moderators", [ME, OTHER])
    return api


def menu(*names: str) -> list[dict[str, str]]:
    return [{"command": name, "description": f"About {name}"} for name in names]


async def set_menu(api: Emulator, names: list[str], **params: Any) -> None:
    values = {"commands": json.dumps(menu(*names))} | {
        key: json.dumps(value) if isinstance(value, dict) else value
        for key, value in params.items()
    }
    assert await api.call("setMyCommands", Params(values)) is True


async def test_each_scope_and_language_keeps_its_own_menu() -> None:
    api = emulator()
    await set_menu(api, ["start"])
    await set_menu(api, ["queue"], scope={"type": "chat", "chat_id": ME}, language_code="kk")
    await set_menu(api, ["audit"], scope={"type": "chat", "chat_id": str(GROUP)})
    await set_menu(
        api, ["blocked"], scope={"type": "chat_member", "chat_id": GROUP, "user_id": ME}
    )

    assert api.commands == {
        (Scope(), ""): menu("start"),
        (Scope("chat", ME), "kk"): menu("queue"),
        (Scope("chat", GROUP), ""): menu("audit"),
        (Scope("chat_member", GROUP, ME), ""): menu("blocked"),
    }
    mine = Params({"scope": json.dumps({"type": "chat", "chat_id": ME}), "language_code": "kk"})
    assert await api.call("getMyCommands", mine) == menu("queue")
    assert await api.call("getMyCommands", Params({"language_code": "kk"})) == []
    assert await api.call("deleteMyCommands", mine) is True
    assert await api.call("getMyCommands", mine) == []
    assert (Scope(), "") in api.commands  # only that scope's menu went


@pytest.mark.parametrize(
    ("scope", "language", "error"),
    [
        ({"type": "everyone"}, "", "can't parse BotCommandScope: Unsupported type specified"),
        ({"chat_id": ME}, "", "can't parse BotCommandScope: Can't find field \"type\""),
        ({"type": "chat"}, "", "can't parse BotCommandScope: Can't find field \"chat_id\""),
        (
            {"type": "chat_administrators"},
            "",
            "can't parse BotCommandScope: Can't find field \"chat_id\"",
        ),
        (
            {"type": "chat_member", "chat_id": GROUP},
            "",
            "can't parse BotCommandScope: Can't find field \"user_id\"",
        ),
        (
            {"type": "chat_member", "chat_id": GROUP, "user_id": 0},
            "",
            "can't parse BotCommandScope: Invalid user_id specified",
        ),
        (
            {"type": "chat", "chat_id": "moderators"},
            "",
            'can\'t parse BotCommandScope: Field "chat_id" must be a valid Number',
        ),
        ({"type": "chat", "chat_id": 424242}, "", "chat not found"),
        ({"type": "chat", "chat_id": -100999}, "", "chat not found"),
        (
            {"type": "chat_administrators", "chat_id": ME},
            "",
            "can't use specified scope in private chats",
        ),
        ({"type": "default"}, "kaz", "invalid language code specified"),
        ({"type": "default"}, "KK", "invalid language code specified"),
    ],
)
@pytest.mark.parametrize("method", ["setMyCommands", "getMyCommands", "deleteMyCommands"])
async def test_a_scope_telegram_refuses_is_refused(
    method: str, scope: dict[str, Any], language: str, error: str
) -> None:
    api = emulator()
    values = {"commands": json.dumps(menu("start")), "scope": json.dumps(scope)}

    with pytest.raises(BotApiError) as refused:
        await api.call(method, Params(values | {"language_code": language}))

    assert (refused.value.code, refused.value.description) == (400, "Bad Request: " + error)
    assert api.commands == {}


async def test_a_person_who_never_wrote_still_has_a_private_chat_scope() -> None:
    api = emulator()  # OTHER is known (in the group) but never wrote to the bot

    await set_menu(api, ["staff"], scope={"type": "chat", "chat_id": OTHER})

    assert api.menu(OTHER, "ru") == menu("staff")


async def test_the_most_specific_scope_wins_then_the_language() -> None:
    api = emulator()
    await set_menu(api, ["start"])
    await set_menu(api, ["start_kk"], language_code="kk")
    await set_menu(api, ["private"], scope={"type": "all_private_chats"})
    await set_menu(api, ["groups"], scope={"type": "all_group_chats"}, language_code="ru")
    await set_menu(api, ["mine_ru"], scope={"type": "chat", "chat_id": ME}, language_code="ru")

    assert api.menu(ME, "ru") == menu("mine_ru")
    assert api.menu(ME, "kk") == menu("private")  # the chat's menu is only in Russian
    assert api.menu(OTHER, "kk") == menu("private")
    assert api.menu(GROUP, "ru") == menu("groups")
    assert api.menu(GROUP, "kk") == menu("start_kk")
    assert api.menu(GROUP, "en") == menu("start")

    await set_menu(api, ["desk"], scope={"type": "chat", "chat_id": GROUP})
    await set_menu(api, ["me"], scope={"type": "chat_member", "chat_id": GROUP, "user_id": ME})

    assert api.menu(GROUP, "ru", user_id=OTHER) == menu("desk")
    assert api.menu(GROUP, "ru", user_id=ME) == menu("me")
