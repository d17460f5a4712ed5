"""What every console request goes through.

- :func:`headers`: a strict Content-Security-Policy (scripts and styles only from the
  console's own files, no inline ones), no framing, no referrer (a sign-in link never leaks),
  nothing cached.
- :func:`signed_in`: the session cookie is looked up and the person's role checked again on
  every request (a moderator removed in Telegram loses the console at the next click); the
  page is rendered in the session's language; every POST must carry the session's CSRF token.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from aiohttp import web

from console.app import PREFIX, console_of, render
from services import console_access
from services.console_access import Visitor

COOKIE = "kenes_console"
VISITOR: web.RequestKey[Visitor] = web.RequestKey("visitor", Visitor)
FORM: web.RequestKey[dict[str, str]] = web.RequestKey("form", dict)
OPEN_PATHS = (f"{PREFIX}/signin", f"{PREFIX}/static/")
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https://tile.openstreetmap.org",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _ours(request: web.Request) -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


@web.middleware
async def headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not _ours(request):
        return await handler(request)
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = error
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    if not request.path.startswith(f"{PREFIX}/static/"):
        response.headers["Cache-Control"] = "no-store"
    if isinstance(response, web.HTTPException):
        raise response
    return response


def _csrf_ok(request: web.Request, expected: str, form: dict[str, str]) -> bool:
    given = request.headers.get("X-CSRF-Token") or form.get("csrf", "")
    return bool(given) and hmac.compare_digest(given, expected)


@web.middleware
async def signed_in(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not _ours(request) or request.path.startswith(OPEN_PATHS):
        return await _in_language(request, handler, console_of(request).settings.default_language)
    console = console_of(request)
    secret = request.cookies.get(COOKIE, "")
    visitor = None
    if secret:
        async with console.sessionmaker() as session:
            visitor = await console_access.visitor(
                session,
                secret,
                admin_ids=console.settings.admin_ids,
                idle=console.idle,
                store=console.sessions,
            )
    if visitor is None:
        return await _in_language(request, _signed_out, console.settings.default_language)
    request[VISITOR] = visitor
    if request.method == "POST":
        form = {
            key: value for key, value in (await request.post()).items() if isinstance(value, str)
        }
        request[FORM] = form
        if not _csrf_ok(request, visitor.csrf, form):
            return await _in_language(request, _forbidden, visitor.language)
    return await _in_language(request, handler, visitor.language)


async def _in_language(
    request: web.Request, handler: Handler, language: str
) -> web.StreamResponse:
    i18n = console_of(request).i18n
    with i18n.context(), i18n.use_locale(language):
        return await handler(request)


async def _signed_out(request: web.Request) -> web.StreamResponse:
    response = render(request, "signed_out.html", {}, status=401)
    response.del_cookie(COOKIE, path=PREFIX)
    if request.headers.get("HX-Request") == "true":
        response.headers["HX-Refresh"] = "true"  # htmx: reload the page, which says why
    return response


async def _forbidden(request: web.Request) -> web.StreamResponse:
    return render(request, "forbidden.html", {}, status=403)


def set_cookie(response: web.StreamResponse, secret: str, *, secure: bool) -> None:
    response.set_cookie(
        COOKIE, secret, path=PREFIX, httponly=True, samesite="Strict", secure=secure
    )
