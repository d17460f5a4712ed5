"""A need's page: every field, its photos (through the server), the place, the history, the
supporters, the staff's actions, internal notes, needs nearby, and the desk's actions."""

from __future__ import annotations

from aiohttp import web

from console.app import PREFIX, console_of, render
from console.security import FORM
from console.views.act import staffer
from handlers.moderation.presets import PLACES, REASONS
from models.need import OPEN_STATUSES
from services import console_need
from services.console_need import NOTE_LENGTH


async def page(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    need_id = int(request.match_info["need_id"])
    async with console.sessionmaker() as session:
        found = await console_need.load(session, need_id)
    if found is None:
        raise web.HTTPNotFound(text="404")
    context = {
        "page": found,
        "need": found.need,
        "open": found.need.status in OPEN_STATUSES,
        "departments": found.departments,
        "templates": found.templates,
        "reasons": REASONS,
        "places": PLACES,
        "result": request.query.get("r", ""),
        "tz": console.settings.tz,
        "author_language": found.author_language or console.settings.default_language,
    }
    return render(request, "need.html", context)


async def photo(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    need_id = int(request.match_info["need_id"])
    async with console.sessionmaker() as session:
        file_id = await console_need.photo(session, need_id, int(request.match_info["position"]))
    data = await console.photos.get(file_id) if file_id else None
    if data is None:
        raise web.HTTPNotFound(text="404")
    return web.Response(
        body=data,
        content_type="image/jpeg",
        headers={"Cache-Control": "private, max-age=86400"},
    )


async def note(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    need_id = int(request.match_info["need_id"])
    text = " ".join(request[FORM].get("text", "").split())
    if text:
        async with console.sessionmaker() as session:
            await console_need.add_note(session, staffer(request), need_id, text[:NOTE_LENGTH])
    raise web.HTTPSeeOther(f"{PREFIX}/needs/{need_id}#notes")
