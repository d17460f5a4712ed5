"""The photos of an album arrive together; with two instances on PostgreSQL and no Redis
(no lock across instances), each may get some of them at the same moment. The draft keeps
every photo: the append is one locked transaction."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from models import Need, NeedPhoto
from playground.emulator import Emulator
from playground.emulator.actions import TINY_JPEG
from playground.people import Person
from tests.e2e.needs_kit import T
from tests.e2e.production.balancer import behind_balancer
from tests.e2e.production.conftest import SECRET, check_stored
from tests.e2e.production.conversations import CONVERSATIONS, play
from tests.e2e.production.processes import BotProcess, Processes
from tests.e2e.webhook import deliver

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
USER_ID = 5550002345


@pytest.fixture
async def pair(
    stage: Processes, bot_process: Callable[..., BotProcess], postgres_url: str
) -> AsyncIterator[tuple[BotProcess, BotProcess]]:
    """Two webhook instances on one PostgreSQL database, without Redis."""
    bots = [
        bot_process(name, postgres_url, webhook=True, webhook_secret=SECRET) for name in ("a", "b")
    ]
    async with behind_balancer(stage, bots):
        yield bots[0], bots[1]


def album_photo(emulator: Emulator, user_id: int, update_id: int, album: str) -> dict[str, Any]:
    """One photo of an album as Telegram delivers it: an update of its own."""
    user = emulator.users[user_id]
    chat = emulator.private_chat(user)
    stored = emulator.store_file(TINY_JPEG, kind="photos")
    size = {"file_unique_id": stored.file_unique_id, "file_size": stored.file_size}
    photo = [{"file_id": stored.file_id, "width": 1280, "height": 960, **size}]
    message = emulator.add_message(chat, user, extra={"photo": photo, "media_group_id": album})
    return {"update_id": update_id, "message": message.to_api()}


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_3_photo_album_delivered_to_two_instances_at_once_keeps_3_photos(
    stage: Processes, pair: tuple[BotProcess, BotProcess], postgres_url: str, language: str
) -> None:
    a, b = pair
    person = Person(stage, USER_ID, language_code=language)
    conversation = CONVERSATIONS["need flow"](language)
    await play(conversation, person, slice(0, 8))  # up to the photos
    updates = [album_photo(stage.emulator, USER_ID, 990_100 + i, "album-1") for i in range(3)]
    path = "/telegram/webhook"

    statuses = await asyncio.gather(
        *(
            deliver(bot.url + path, update, SECRET)
            for bot, update in zip((a, b, a), updates, strict=True)
        )
    )
    await stage.settle()
    await person.press(T[language]["done"])
    await play(conversation, person, slice(9, None))  # confirm and send

    assert statuses == [200, 200, 200]

    async def three_photos(session: Any, _person: Person) -> None:
        need_id = await session.scalar(select(Need.id))
        count = await session.scalar(select(func.count()).where(NeedPhoto.need_id == need_id))
        assert count == 3

    await check_stored(postgres_url, three_photos, person)
