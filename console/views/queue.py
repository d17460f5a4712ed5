"""The queue: every need, filtered, searched, sorted and paged on the server; the view's
state is in the URL. An htmx request (a filter changed) gets the table alone."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from console.app import PREFIX, console_of, render
from services import console_need, console_queue
from services.console_queue import QueueQuery


async def redirect_home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound(f"{PREFIX}/")


async def page(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    query = QueueQuery.from_params(request.query)
    async with console.sessionmaker() as session:
        result = await console_queue.search(session, query, tz=console.settings.tz)
        departments, templates = await console_need.choices(session)
    context = {
        "templates": templates,
        "result": result,
        "query": result.query,
        "departments": departments,
        "link": lambda **changes: f"{PREFIX}/?{urlencode(result.query.params(**changes))}",
        "tz": console.settings.tz,
    }
    fragment = (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Target") == "queue-results"
    )
    return render(request, "queue_results.html" if fragment else "queue.html", context)
