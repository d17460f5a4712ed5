"""The console in webhook mode: served by the webhook's own aiohttp application under
/console, behind the same reverse proxy (``KENES_CONSOLE_URL`` is the public https address,
so the session cookie is Secure); the bot's link signs in there, and the operations
endpoints are left as they were."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest

from tests.conftest import free_port
from tests.e2e.conftest import World
from tests.e2e.staff import ADMIN

SECRET = "kenes-Console_secret-1-" + "0123456789abcdef" * 2
PUBLIC = "https://kenes.example.kz/console"


@pytest.fixture(params=["database", pytest.param("redis", marks=pytest.mark.redis)])
def settings_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Sessions in the database, or in Redis when it is set."""
    port = free_port()
    overrides: dict[str, Any] = {
        "webhook_url": f"http://127.0.0.1:{port}/telegram/hook",
        "webhook_secret": SECRET,
        "http_port": port,
        "admin_ids": [ADMIN],
        "console_url": PUBLIC,
        "pseudonym_key": "console-test-pseudonym-key-" + "0" * 32,
    }
    if request.param == "redis":
        overrides["redis_url"] = request.getfixturevalue("redis_url")
        overrides["redis_prefix"] = request.getfixturevalue("redis_prefix")
    return overrides


async def test_the_console_is_served_beside_the_webhook(world: World) -> None:
    admin = await world.resident(ADMIN, "ru")
    [answer] = await admin.send("/console")
    link = next(word for word in answer.content.split() if word.startswith(PUBLIC + "/signin?t="))
    token = link.split("t=", 1)[1]
    assert world.kenes.server is not None
    local = world.kenes.server.url  # what the reverse proxy forwards PUBLIC to

    async with aiohttp.ClientSession(local, cookie_jar=aiohttp.DummyCookieJar()) as http:
        async with http.get("/console/") as response:
            assert response.status == 401
            assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        async with http.post(
            urlsplit(link).path, data={"t": token}, allow_redirects=False
        ) as response:
            assert response.status == 303
            cookie = response.headers["Set-Cookie"]
        for attribute in ("HttpOnly", "SameSite=Strict", "Secure", "Path=/console"):
            assert attribute in cookie
        secret = cookie.split(";", 1)[0].split("=", 1)[1]
        async with http.get(
            "/console/", headers={"Cookie": f"kenes_console={secret}"}
        ) as response:
            assert response.status == 200
            page = await response.text()
            assert "Очередь" in page
        csrf = page.split('data-csrf="', 1)[1].split('"', 1)[0]
        sessions_in_redis = world.kenes.console is not None and world.kenes.console.sessions
        assert bool(sessions_in_redis) == bool(world.kenes.settings.redis_url)
        async with http.post(
            "/console/signout",
            data={"csrf": csrf},
            headers={"Cookie": f"kenes_console={secret}"},
            allow_redirects=False,
        ) as response:
            assert response.status == 303
        async with http.get(
            "/console/", headers={"Cookie": f"kenes_console={secret}"}
        ) as response:
            assert response.status == 401  # signed out: the session is over in either store
        async with http.get("/healthz") as response:
            assert response.status == 200
            assert "Content-Security-Policy" not in response.headers
