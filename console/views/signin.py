"""Signing in with the one-time link the bot sent, signing out, and the language switch.

Opening the link shows a button that signs in (a POST): link previews and prefetchers that
open the link do not use it up.
"""

from __future__ import annotations

from aiohttp import web

from bot.i18n import LANGUAGES
from console.app import PREFIX, console_of, render
from console.security import COOKIE, FORM, VISITOR, set_cookie
from services import console_access
from services.console_access import Refusal, SignedIn


async def confirm(request: web.Request) -> web.StreamResponse:
    token = request.query.get("t", "")
    return render(request, "signin.html", {"token": token}, status=200 if token else 401)


async def sign_in(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    form = await request.post()
    token = str(form.get("t", ""))
    async with console.sessionmaker() as session:
        result = await console_access.sign_in(
            session,
            console.key,
            token,
            admin_ids=console.settings.admin_ids,
            default_language=console.settings.default_language,
            store=console.sessions,
            idle=console.idle,
        )
    if isinstance(result, Refusal):
        return render(request, "refused.html", {"why": result.value}, status=403)
    assert isinstance(result, SignedIn)
    response = web.HTTPSeeOther(f"{PREFIX}/")
    set_cookie(response, result.secret, secure=console.secure)
    return response


async def sign_out(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    async with console.sessionmaker() as session:
        await console_access.sign_out(
            session, request[VISITOR].session_key, store=console.sessions
        )
    response = web.HTTPSeeOther(f"{PREFIX}/signin")
    response.del_cookie(COOKIE, path=PREFIX)
    return response


async def language(request: web.Request) -> web.StreamResponse:
    form = request[FORM]
    chosen = form.get("language", "")
    if chosen in LANGUAGES:
        console = console_of(request)
        async with console.sessionmaker() as session:
            await console_access.set_language(
                session, request[VISITOR].session_key, chosen, store=console.sessions
            )
    back = form.get("next", "")
    raise web.HTTPSeeOther(back if back.startswith(PREFIX + "/") else f"{PREFIX}/")
