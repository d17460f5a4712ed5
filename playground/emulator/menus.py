"""Command menus as Telegram keeps them: one list per scope (its type, chat and member) and
language, a scope checked as the Bot API server checks it, and the menu a person sees in a
chat resolved from the most specific scope down to the default one."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from playground.emulator.errors import BadRequest
from playground.emulator.state import Chat, User

_LANGUAGE = re.compile(r"^[a-z]{2}$")
_CHAT_SCOPES = ("chat", "chat_administrators", "chat_member")
_SCOPES = ("default", "all_private_chats", "all_group_chats", "all_chat_administrators")


@dataclass(frozen=True)
class Scope:
    type: str = "default"
    chat_id: int | None = None
    user_id: int | None = None


MenuKey = tuple[Scope, str]  # a scope and a language code ("" for every language)


def _unparsable(reason: str) -> BadRequest:
    return BadRequest(f"Bad Request: can't parse BotCommandScope: {reason}")


def _number(raw: Mapping[str, Any], name: str) -> int:
    if name not in raw:
        raise _unparsable(f'Can\'t find field "{name}"')
    value = raw[name]
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _unparsable(f'Field "{name}" must be a Number')
    try:
        return int(value)
    except ValueError:
        raise _unparsable(f'Field "{name}" must be a valid Number') from None


def parse_scope(raw: Any) -> Scope:
    """A ``scope`` parameter as the Bot API server reads it (absent: the default scope)."""
    if raw is None:
        return Scope()
    if not isinstance(raw, dict):
        raise _unparsable("expected an Object")
    kind = raw.get("type")
    if not isinstance(kind, str):
        raise _unparsable('Can\'t find field "type"')
    if kind in _SCOPES:
        return Scope(kind)
    if kind not in _CHAT_SCOPES:
        raise _unparsable("Unsupported type specified")
    if raw.get("chat_id") in ("", 0):
        raise _unparsable("Empty chat_id specified")
    chat_id = _number(raw, "chat_id")
    user_id = _number(raw, "user_id") if kind == "chat_member" else None
    if user_id is not None and user_id <= 0:
        raise _unparsable("Invalid user_id specified")
    return Scope(kind, chat_id, user_id)


def check_scope(scope: Scope, chats: Mapping[int, Chat], users: Mapping[int, User]) -> None:
    """A chat scope must name a chat the bot can see; a private chat takes only ``chat``."""
    if scope.chat_id is None:
        return
    chat = chats.get(scope.chat_id)
    person = users.get(scope.chat_id)
    if chat is None and (person is None or person.is_bot):
        raise BadRequest("Bad Request: chat not found")
    if (chat is None or chat.private) and scope.type != "chat":
        raise BadRequest("Bad Request: can't use specified scope in private chats")


def language_of(raw: str | None) -> str:
    language = raw or ""
    if language and not _LANGUAGE.match(language):
        raise BadRequest("Bad Request: invalid language code specified")
    return language


def _scopes_seen(chat_id: int, user_id: int | None, private: bool) -> Iterator[Scope]:
    """Telegram's order, administrators' scopes left out (the emulator has no chat admins)."""
    if private:
        yield Scope("chat", chat_id)
        yield Scope("all_private_chats")
    else:
        if user_id is not None:
            yield Scope("chat_member", chat_id, user_id)
        yield Scope("chat", chat_id)
        yield Scope("all_group_chats")
    yield Scope()


def resolve(
    menus: Mapping[MenuKey, list[dict[str, Any]]],
    chat_id: int,
    language: str,
    *,
    private: bool,
    user_id: int | None = None,
) -> list[dict[str, Any]]:
    """The menu a person sees: each scope in its language, then for every language."""
    for scope in _scopes_seen(chat_id, user_id, private):
        for code in dict.fromkeys((language, "")):
            if (scope, code) in menus:
                return menus[(scope, code)]
    return []
