"""The emulator's control API over HTTP: people and groups as the web playground adds them,
blocking and faults, with strict refusals (400/404 naming the field, never a 500)."""

from __future__ import annotations

from typing import Any

import pytest

from playground.emulator import Emulator
from tests.e2e.control_client import Control

GROUP = -1001000000001


async def test_people_get_the_next_free_id_and_are_listed(control: Control) -> None:
    assert await control.post("/_emulator/users", {"language_code": "kk"}) == (
        200,
        {"id": 1001, "is_bot": False, "first_name": "User 1001", "language_code": "kk"},
    )
    await control.post("/_emulator/users", {"id": 1002, "first_name": "Ольга"})
    status, third = await control.post("/_emulator/users", {"language_code": "ru"})

    assert (status, third["id"]) == (200, 1003)
    assert await control.get("/_emulator/users") == (
        200,
        {
            "users": [
                {
                    "id": 1001,
                    "is_bot": False,
                    "first_name": "User 1001",
                    "language_code": "kk",
                    "started": False,
                    "blocked": False,
                },
                {
                    "id": 1002,
                    "is_bot": False,
                    "first_name": "Ольга",
                    "started": False,
                    "blocked": False,
                },
                {
                    "id": 1003,
                    "is_bot": False,
                    "first_name": "User 1003",
                    "language_code": "ru",
                    "started": False,
                    "blocked": False,
                },
            ]
        },
    )


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("not json", "the body must be a JSON object"),
        ("[1, 2]", "the body must be a JSON object"),
        ({"id": "abc"}, "id must be an integer"),
        ({"id": -5}, "id must be a positive integer other than the bot's"),
        ({"id": 7000000001}, "id must be a positive integer other than the bot's"),
        (
            {"language_code": "Kazakh!"},
            "language_code must be an IETF language tag such as kk or ru",
        ),
        ({"first_name": "   "}, "first_name must not be empty"),
        ({"first_name": "x" * 65}, "first_name is longer than 64 characters"),
        (
            {"username": "a b"},
            "username must be 4-32 letters, digits or _, starting with a letter",
        ),
    ],
)
async def test_a_wrong_person_is_refused_with_the_reason(
    control: Control, body: Any, error: str
) -> None:
    assert await control.post("/_emulator/users", body) == (400, {"error": error})


async def test_groups_need_a_negative_id_and_known_members(control: Control) -> None:
    await control.post("/_emulator/users", {"id": 9001})

    assert await control.post("/_emulator/groups", {"id": 5, "title": "x"}) == (
        400,
        {"error": "id of a group must be negative, e.g. -1001234567890"},
    )
    assert await control.post("/_emulator/groups", {"id": GROUP, "members": [9002]}) == (
        404,
        {"error": "no person 9002: create them with POST /_emulator/users"},
    )
    status, _ = await control.post(
        "/_emulator/groups", {"id": GROUP, "title": "Модераторлар", "members": [9001]}
    )
    assert status == 200
    assert await control.get("/_emulator/chats") == (
        200,
        {
            "chats": [
                {
                    "id": GROUP,
                    "type": "supergroup",
                    "title": "Модераторлар",
                    "members": [9001],
                    "messages": 0,
                }
            ]
        },
    )


async def test_blocking_and_faults_are_checked_too(control: Control, emulator: Emulator) -> None:
    assert await control.post("/_emulator/block", {"user_id": 31}) == (
        404,
        {"error": "no person 31: create them with POST /_emulator/users"},
    )
    assert await control.post("/_emulator/faults", {"status": "often"}) == (
        400,
        {"error": "status must be an integer"},
    )
    assert await control.post(
        "/_emulator/faults", {"method": "sendMessage", "status": 500, "count": 2}
    ) == (200, {"ok": True})
    assert [(f.method, f.status, f.count) for f in emulator.faults.pending] == [
        ("sendMessage", 500, 2)
    ]
