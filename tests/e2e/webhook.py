"""Delivering updates to a webhook by hand, as Telegram does when it retries."""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.webhook import SECRET_HEADER
from playground.emulator import Emulator


def text_update(emulator: Emulator, user_id: int, text: str, update_id: int) -> dict[str, Any]:
    """A text message update as Telegram would deliver it, without the emulator pushing it."""
    user = emulator.users.get(user_id) or emulator.user(user_id)
    user.started = True
    chat = emulator.private_chat(user)
    entities = (
        [{"type": "bot_command", "offset": 0, "length": len(text)}] if text[0] == "/" else []
    )
    message = emulator.add_message(chat, user, text=text, entities=entities)
    return {"update_id": update_id, "message": message.to_api()}


async def deliver(url: str, update: dict[str, Any], secret: str | None) -> int:
    """POST the update to the webhook at ``url``; the HTTP status Kenes answered."""
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with (
        aiohttp.ClientSession() as http,
        http.post(url, json=update, headers=headers) as response,
    ):
        return response.status
