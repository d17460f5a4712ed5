"""The web playground's routes on the emulator's app: the page (``/``), its static files
(``/static/``) and what the page needs to know (``GET /_playground/config``): the bot, the
moderator and their group, the city map. Everything else the page does goes through the
emulator's control API (``/_emulator/...``)."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from playground.cast import Cast
from playground.emulator import Emulator, create_app
from playground.emulator.control import reply
from playground.web.maps import city_map

STATIC = Path(__file__).with_name("static")
CONFIG_KEY = web.AppKey("playground_config", dict)
# The page builds its DOM from data; it never runs inline code or loads anything remote.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


async def page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(
        STATIC / "index.html",
        headers={"Content-Security-Policy": CSP, "Cache-Control": "no-cache"},
    )


async def config(request: web.Request) -> web.Response:
    return reply(request.app[CONFIG_KEY])


def create_playground_app(emulator: Emulator, cast: Cast, city: str) -> web.Application:
    app = create_app(emulator)
    city_plan = city_map(city)
    app[CONFIG_KEY] = {
        "bot": emulator.bot.to_api(),
        "moderator_id": cast.moderator_id,
        "group": {"id": cast.moderator_chat_id, "title": cast.group_title},
        "map": city_plan.to_json() if city_plan else None,
    }
    app.router.add_get("/", page)
    app.router.add_get("/_playground/config", config)
    app.router.add_static("/static/", STATIC, append_version=False)
    return app
