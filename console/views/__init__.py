"""The console's pages, one module each; :func:`routes` lists them under ``/console``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from console.views import act, need, queue, reports, signin

Route = tuple[str, str, Callable[[web.Request], Awaitable[web.StreamResponse]]]


def routes() -> list[Route]:
    return [
        ("GET", "", queue.redirect_home),
        ("GET", "/", queue.page),
        ("GET", "/signin", signin.confirm),
        ("POST", "/signin", signin.sign_in),
        ("POST", "/signout", signin.sign_out),
        ("POST", "/language", signin.language),
        ("GET", "/needs/{need_id:\\d+}", need.page),
        ("GET", "/needs/{need_id:\\d+}/photos/{position:\\d+}", need.photo),
        ("POST", "/needs/{need_id:\\d+}/notes", need.note),
        ("GET", "/needs/{need_id:\\d+}/preview", act.preview),
        ("POST", "/needs/{need_id:\\d+}/act", act.act),
        ("POST", "/bulk", act.bulk),
        ("GET", "/dashboard", reports.dashboard),
        ("GET", "/dashboard.csv", reports.dashboard_csv),
        ("GET", "/dashboard.xlsx", reports.dashboard_xlsx),
        ("GET", "/hearings", reports.hearings),
        ("GET", "/hearings/{hearing_id:\\d+}/questions", reports.hearing_questions),
        ("GET", "/exports", reports.exports),
        ("POST", "/exports/{period_id:\\d+}/retry", reports.retry),
        ("GET", "/audit", reports.audit),
    ]
