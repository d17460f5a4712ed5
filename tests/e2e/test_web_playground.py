"""The web playground's server side: the bot starts with the moderators' group and an
administrator, the page and its config are served, and `kenes playground` picks the web
chat unless asked for the terminal. (The page itself is tested in a browser: tests/browser.)"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from yarl import URL

from bot.app import Kenes
from bot.cli import _parser
from playground.cast import MODERATOR_CHAT_ID, MODERATOR_ID, Cast
from playground.emulator import Emulator, EmulatorServer, Limits
from playground.web.serve import web_playground
from tests.conftest import make_settings


@dataclass
class Running:
    emulator: Emulator
    server: EmulatorServer
    kenes: Kenes
    http: aiohttp.ClientSession


@pytest.fixture
async def running(sqlite_url: str) -> AsyncIterator[Running]:
    emulator = Emulator(limits=Limits(per_bot=None))
    settings = make_settings(database_url=sqlite_url)
    async with (
        web_playground(settings, emulator) as (server, kenes),
        aiohttp.ClientSession() as http,
    ):
        yield Running(emulator, server, kenes, http)


async def test_kenes_reports_to_the_playgrounds_moderators_group(running: Running) -> None:
    settings = running.kenes.settings
    assert (settings.moderator_chat_id, settings.admin_ids) == (MODERATOR_CHAT_ID, [MODERATOR_ID])
    group = running.emulator.chats[MODERATOR_CHAT_ID]
    assert (group.type, group.members) == ("supergroup", {MODERATOR_ID})

    await running.kenes.bot.send_message(MODERATOR_CHAT_ID, "<b>Жаңа өтініш</b> №1")

    url = f"{running.server.url}/_emulator/chats/{MODERATOR_CHAT_ID}"
    async with running.http.get(url) as response:
        [message] = (await response.json())["messages"]
    assert (message["text"], message["entities"][0]["type"]) == ("Жаңа өтініш №1", "bold")


async def test_the_page_knows_the_residents_moderator_group_and_map(running: Running) -> None:
    async with running.http.get(f"{running.server.url}/_playground/config") as response:
        config = await response.json()
    async with running.http.get(f"{running.server.url}/_emulator/users") as response:
        people = [
            (u["id"], u["first_name"], u["language_code"])
            for u in (await response.json())["users"]
        ]

    assert people == [(1001, "Айгерім", "kk"), (1002, "Ольга", "ru"), (9001, "Модератор", "ru")]
    assert config["moderator_id"] == MODERATOR_ID
    assert config["group"] == {
        "id": MODERATOR_CHAT_ID,
        "title": "Kenes: модераторлар / модераторы",
    }
    assert config["bot"]["username"] == "kenes_bot"
    assert config["map"]["bounds"]["south"] < config["map"]["bounds"]["north"]
    districts = {d["code"]: d["kk"] for d in config["map"]["districts"]}
    assert districts["medeu"] == "Медеу ауданы"
    assert len(districts) == 8


async def test_the_page_is_served_with_a_strict_content_policy(running: Running) -> None:
    async with running.http.get(running.server.url + "/") as response:
        page = await response.text()
        policy = response.headers["Content-Security-Policy"]
    async with running.http.get(running.server.url + "/static/js/main.js") as script:
        assert script.status == 200
        assert script.content_type in ("application/javascript", "text/javascript")

    assert '<script type="module" src="/static/js/main.js"></script>' in page
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    outside = URL(running.server.url + "/static/%2e%2e/app.py", encoded=True)
    async with running.http.get(outside) as response:  # nothing outside static/ is served
        assert response.status in (403, 404)


def test_settings_already_given_decide_the_group_and_the_moderator() -> None:
    settings = make_settings(admin_ids="42,43", moderator_chat_id=-100777)
    cast = Cast.for_settings(settings)

    configured = cast.configure(settings)

    assert (cast.moderator_id, cast.moderator_chat_id) == (42, -100777)
    assert (configured.admin_ids, configured.moderator_chat_id) == ([42, 43], -100777)


@pytest.mark.parametrize(
    ("argv", "terminal", "port"),
    [
        (["playground"], False, None),
        (["playground", "--terminal", "--port", "8099"], True, 8099),
    ],
)
def test_the_playground_command_is_the_web_chat_unless_asked_for_the_terminal(
    argv: list[str], terminal: bool, port: int | None
) -> None:
    args = _parser().parse_args(argv)

    assert (args.terminal, args.port) == (terminal, port)
    assert make_settings().playground_port == 8080
