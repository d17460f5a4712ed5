"""The console's pages, one module each; :func:`routes` lists them under ``/console``.

A page's module is imported by the first request to one of its routes, not when the routes
are added: an idle bot does not load the console's pages (issue 19)."""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Route = tuple[str, str, Handler]

# method, path under /console, "module.function" in console.views
ROUTES = (
    ("GET", "", "queue.redirect_home"),
    ("GET", "/", "queue.page"),
    ("GET", "/signin", "signin.confirm"),
    ("POST", "/signin", "signin.sign_in"),
    ("POST", "/signout", "signin.sign_out"),
    ("POST", "/language", "signin.language"),
    ("GET", "/needs/{need_id:\\d+}", "need.page"),
    ("GET", "/needs/{need_id:\\d+}/photos/{position:\\d+}", "need.photo"),
    ("POST", "/needs/{need_id:\\d+}/notes", "need.note"),
    ("GET", "/needs/{need_id:\\d+}/preview", "act.preview"),
    ("POST", "/needs/{need_id:\\d+}/act", "act.act"),
    ("POST", "/bulk", "act.bulk"),
    ("GET", "/dashboard", "reports.dashboard"),
    ("GET", "/dashboard.csv", "reports.dashboard_csv"),
    ("GET", "/dashboard.xlsx", "reports.dashboard_xlsx"),
    ("GET", "/hearings", "reports.hearings"),
    ("GET", "/hearings/{hearing_id:\\d+}/questions", "reports.hearing_questions"),
    ("GET", "/exports", "reports.exports"),
    ("POST", "/exports/{period_id:\\d+}/retry", "reports.retry"),
    ("GET", "/audit", "reports.audit"),
)


def view(target: str) -> Handler:
    """The view ``module.function`` of this package (importing its module)."""
    module, name = target.split(".")
    handler: Handler = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    return handler


def _on_first_request(target: str) -> Handler:
    resolved: list[Handler] = []

    async def handle(request: web.Request) -> web.StreamResponse:
        if not resolved:
            resolved.append(view(target))
        return await resolved[0](request)

    handle.__name__ = handle.__qualname__ = target
    return handle


def routes() -> list[Route]:
    return [(method, path, _on_first_request(target)) for method, path, target in ROUTES]
