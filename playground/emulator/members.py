"""Who is in a group and with what rights, as Telegram tells a bot: the ChatMember objects of
getChatMember and getChatAdministrators, and the ``chat_member`` / ``my_chat_member`` updates
when someone joins, leaves, is promoted or banned. As in Telegram, ``chat_member`` updates
reach a bot only when it is an administrator of the group and asked for them in
``allowed_updates``; ``my_chat_member`` (about the bot itself) always."""

from __future__ import annotations

import time
from typing import Any

from playground.emulator.errors import BadRequest
from playground.emulator.state import Chat, User

PRESENT = ("creator", "administrator", "member")
ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_send_welcome_messages",  # required by the Bot API version aiogram 3 speaks
    "can_pin_messages",
)


def status_of(chat: Chat, user_id: int) -> str:
    role = chat.roles.get(user_id)
    if role is not None:
        return role
    return "member" if user_id in chat.members else "left"


def member_api(chat: Chat, user: User) -> dict[str, Any]:
    """A ChatMember object, of the kind the person's status calls for."""
    status = status_of(chat, user.id)
    data: dict[str, Any] = {"user": user.to_api(), "status": status}
    if status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        rights = chat.rights.get(user.id, {})
        data |= {"can_be_edited": False, "is_anonymous": False}
        data |= {right: bool(rights.get(right, False)) for right in ADMIN_RIGHTS}
    elif status == "kicked":
        data["until_date"] = 0
    return data


def group_of(chats: dict[int, Chat], chat_id: int) -> Chat:
    chat = chats.get(chat_id)
    if chat is None:
        raise BadRequest("Bad Request: chat not found")
    if chat.private:
        raise BadRequest("Bad Request: method is available for supergroup and channel chats only")
    return chat


class Membership:
    """The membership changes people make (mixed into the emulator's world)."""

    users: dict[int, User]
    chats: dict[int, Chat]
    bot: User

    def enqueue(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def person(self, user_id: int) -> User:
        """A person, or the bot itself."""
        if user_id == self.bot.id:
            return self.bot
        user = self.users.get(user_id)
        if user is None:
            raise BadRequest("Bad Request: user not found")
        return user

    def _change(self, chat: Chat, user: User, by: User, change: Any) -> None:
        """Apply ``change`` to the chat and tell the bot as Telegram would."""
        old = member_api(chat, user)
        change()
        new = member_api(chat, user)
        if old == new:
            return
        update = {
            "chat": chat.to_api(),
            "from": by.to_api(),
            "date": int(time.time()),
            "old_chat_member": old,
            "new_chat_member": new,
        }
        if user.id == self.bot.id:
            self.enqueue("my_chat_member", update)
        elif status_of(chat, self.bot.id) in ("creator", "administrator"):
            self.enqueue("chat_member", update)

    def _set(self, chat: Chat, user_id: int, status: str) -> None:
        chat.rights.pop(user_id, None) if status != "administrator" else None
        if status in PRESENT:
            chat.members.add(user_id)
        else:
            chat.members.discard(user_id)
        if status == "member":
            chat.roles.pop(user_id, None)
        else:
            chat.roles[user_id] = status

    def join(self, user_id: int, chat_id: int) -> None:
        """The person joins the group (by an invite link)."""
        chat, user = self.chats[chat_id], self.users[user_id]
        if status_of(chat, user_id) == "kicked":
            raise BadRequest("Bad Request: USER_BANNED_IN_CHANNEL")
        self._change(chat, user, user, lambda: self._set(chat, user_id, "member"))

    def leave(self, user_id: int, chat_id: int) -> None:
        chat, user = self.chats[chat_id], self.users[user_id]
        self._change(chat, user, user, lambda: self._set(chat, user_id, "left"))

    def promote(
        self, chat_id: int, user_id: int, *, by: int | None = None, **rights: bool
    ) -> None:
        """The group's owner makes the person an administrator with ``rights`` (all the
        usual ones when none are given); ``by`` is the owner (the group's creator)."""
        chat, user = self.chats[chat_id], self.person(user_id)
        owner = self.person(by) if by is not None else user
        granted = rights or dict.fromkeys(ADMIN_RIGHTS, True)

        def apply() -> None:
            self._set(chat, user_id, "administrator")
            chat.rights[user_id] = dict(granted)

        self._change(chat, user, owner, apply)

    def make_owner(self, chat_id: int, user_id: int) -> None:
        self._set(self.chats[chat_id], user_id, "creator")

    def demote(self, chat_id: int, user_id: int, *, by: int) -> None:
        chat, user = self.chats[chat_id], self.person(user_id)
        self._change(chat, user, self.person(by), lambda: self._set(chat, user_id, "member"))

    # -- what the bot does (banChatMember, unbanChatMember) ---------------------------------
    def _may_restrict(self, chat: Chat) -> None:
        status = status_of(chat, self.bot.id)
        if status == "creator":
            return
        if status != "administrator" or not chat.rights.get(self.bot.id, {}).get(
            "can_restrict_members"
        ):
            raise BadRequest("Bad Request: not enough rights to restrict/unrestrict chat member")

    def _removable(self, chat: Chat, user_id: int) -> None:
        status = status_of(chat, user_id)
        if status == "creator":
            raise BadRequest("Bad Request: can't remove chat owner")
        if status == "administrator":
            raise BadRequest("Bad Request: user is an administrator of the chat")

    def ban(self, chat: Chat, user_id: int) -> None:
        self._may_restrict(chat)
        if user_id == self.bot.id:
            raise BadRequest("Bad Request: can't remove self")
        self._removable(chat, user_id)
        user = self.person(user_id)
        self._change(chat, user, self.bot, lambda: self._set(chat, user_id, "kicked"))

    def unban(self, chat: Chat, user_id: int, *, only_if_banned: bool) -> None:
        """As Telegram: the person is no longer banned and may join again; without
        ``only_if_banned`` a person still in the group is removed from it too."""
        self._may_restrict(chat)
        status = status_of(chat, user_id)
        if status == "left" or (only_if_banned and status != "kicked"):
            return
        self._removable(chat, user_id)
        user = self.person(user_id)
        self._change(chat, user, self.bot, lambda: self._set(chat, user_id, "left"))
