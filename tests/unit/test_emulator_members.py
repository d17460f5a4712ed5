"""The emulator tells a bot about a group's members as Telegram does: chat_member updates
only to an administrator bot that asked for them by name, my_chat_member about itself;
getChatMember and getChatAdministrators; banChatMember and unbanChatMember with Telegram's
refusals (rights, the owner, administrators) and its effects (unban removes a member)."""

from __future__ import annotations

import pytest

from playground.emulator import BotApiError, Emulator
from playground.emulator.params import Params

GROUP, OWNER, STRANGER, ADMIN = -100700, 1, 2, 3


def emulator() -> Emulator:
    api = Emulator()
    for user_id in (OWNER, STRANGER, ADMIN):
        api.user(user_id, first_name=f"P{user_id}")
    api.group(GROUP, "Moderators", [OWNER])
    api.make_owner(GROUP, OWNER)
    return api


def kinds(api: Emulator) -> list[str]:
    return [next(k for k in update if k != "update_id") for update in api.pending]


async def test_chat_member_updates_reach_only_an_administrator_bot_that_asked() -> None:
    api = emulator()
    api.join(ADMIN, GROUP)  # the bot is not an administrator: it is not told
    assert kinds(api) == []
    api.promote(GROUP, api.bot.id, by=OWNER)
    assert kinds(api) == ["my_chat_member"]
    api.join(STRANGER, GROUP)
    assert kinds(api) == ["my_chat_member", "chat_member"]

    [told] = await api.poll(None, 100, 0)  # chat_member was not asked for by name: dropped
    assert "my_chat_member" in told
    api.allowed_updates = ["message", "chat_member"]
    api.leave(STRANGER, GROUP)
    [left] = await api.poll(told["update_id"] + 1, 100, 0)
    assert left["chat_member"]["old_chat_member"]["status"] == "member"
    assert left["chat_member"]["new_chat_member"]["status"] == "left"


async def test_get_chat_member_and_the_administrators() -> None:
    api = emulator()
    api.join(STRANGER, GROUP)
    api.promote(GROUP, ADMIN, by=OWNER, can_restrict_members=True)

    member = await api.call("getChatMember", Params({"chat_id": GROUP, "user_id": STRANGER}))
    bot = await api.call("getChatMember", Params({"chat_id": GROUP, "user_id": api.bot.id}))
    admins = await api.call("getChatAdministrators", Params({"chat_id": GROUP}))

    assert (member["status"], bot["status"]) == ("member", "left")
    assert [(a["user"]["id"], a["status"]) for a in admins] == [
        (OWNER, "creator"),
        (ADMIN, "administrator"),
    ]
    assert admins[1]["can_restrict_members"] and not admins[1]["can_promote_members"]


async def test_ban_then_unban_removes_a_member_who_may_join_again() -> None:
    api = emulator()
    api.join(STRANGER, GROUP)
    with pytest.raises(BotApiError, match="not enough rights"):
        await api.call("banChatMember", Params({"chat_id": GROUP, "user_id": STRANGER}))
    api.promote(GROUP, api.bot.id, by=OWNER, can_restrict_members=True)

    await api.call("banChatMember", Params({"chat_id": GROUP, "user_id": STRANGER}))
    with pytest.raises(BotApiError):
        api.send_text(STRANGER, "still here?", chat_id=GROUP)
    await api.call("unbanChatMember", Params({"chat_id": GROUP, "user_id": STRANGER}))

    member = await api.call("getChatMember", Params({"chat_id": GROUP, "user_id": STRANGER}))
    assert member["status"] == "left"
    assert STRANGER not in api.chats[GROUP].members
    api.join(STRANGER, GROUP)
    assert STRANGER in api.chats[GROUP].members


async def test_the_owner_and_administrators_cannot_be_removed() -> None:
    api = emulator()
    api.promote(GROUP, api.bot.id, by=OWNER, can_restrict_members=True)
    api.promote(GROUP, ADMIN, by=OWNER)

    with pytest.raises(BotApiError, match="can't remove chat owner"):
        await api.call("banChatMember", Params({"chat_id": GROUP, "user_id": OWNER}))
    with pytest.raises(BotApiError, match="administrator"):
        await api.call("unbanChatMember", Params({"chat_id": GROUP, "user_id": ADMIN}))


async def test_unban_of_a_member_only_if_banned_keeps_them() -> None:
    api = emulator()
    api.join(STRANGER, GROUP)
    api.promote(GROUP, api.bot.id, by=OWNER, can_restrict_members=True)

    await api.call(
        "unbanChatMember",
        Params({"chat_id": GROUP, "user_id": STRANGER, "only_if_banned": True}),
    )

    assert STRANGER in api.chats[GROUP].members
