"""The console's aiohttp application: routes, templates, static files, and the middlewares
that make every page safe (:mod:`console.security`).

An idle bot does not pay for the console (issue 19): Jinja2 and the templates are loaded by
the first page rendered, each page's module (and what it needs, openpyxl for a spreadsheet)
by the first request to it (:func:`console.views.routes`)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from aiogram import Bot
from aiogram.utils.i18n import I18n
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcast import Broadcaster
from bot.catalog import Catalog, Entry
from bot.desk import Desk
from bot.i18n import CONTENT_LANGUAGES, LANGUAGE_NAMES, LANGUAGES, format_datetime
from bot.render import need_voice, status_label, voice_label
from bot.settings import Settings
from console.photos import PhotoCache
from models.need import NeedStatus
from services import console_access
from services.console_access import RedisSessions

if TYPE_CHECKING:
    import jinja2

    from services.export.run import Exporter

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
PREFIX = "/console"
CONSOLE_KEY: web.AppKey[Console] = web.AppKey("console")
UPLOAD_BYTES = 11 * 1024 * 1024  # a photo of the result (10 MB) and the form around it


@dataclass
class Console:
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    i18n: I18n
    desk: Desk
    catalog: Catalog
    bot: Bot
    base_url: str = ""  # where sign-in links point: KENES_CONSOLE_URL, or the server's
    exporter: Exporter | None = None  # retries a failed export (scheduler.exports)
    sessions: RedisSessions | None = None  # with KENES_REDIS_URL; else in the database
    broadcaster: Broadcaster | None = None  # starts the notices an action queued
    photos: PhotoCache = field(init=False)

    def __post_init__(self) -> None:
        self.photos = PhotoCache(self.bot)
        if self.settings.console_url:
            self.base_url = self.settings.console_url

    @property
    def key(self) -> bytes:
        """The key that signs sign-in links: KENES_CONSOLE_SECRET, else one derived from the
        bot's token (so that it is the same on every instance, and secret)."""
        secret = self.settings.console_secret
        if secret is not None:
            return secret.get_secret_value().encode()
        token = self.settings.bot_token.get_secret_value() if self.settings.bot_token else ""
        return hmac.new(token.encode(), b"kenes-console-links", hashlib.sha256).digest()

    @property
    def idle(self) -> timedelta:
        return timedelta(minutes=self.settings.console_idle_minutes)

    @property
    def secure(self) -> bool:
        """Behind HTTPS: the cookie is Secure."""
        return self.base_url.startswith("https://")

    async def prune(self) -> None:
        """The hourly job: old sign-in links and sessions are deleted."""
        async with self.sessionmaker() as session:
            await console_access.prune(session, idle=self.idle)

    def link(self, token: str) -> str:
        return f"{self.base_url}/signin?{urlencode({'t': token})}"

    @cached_property
    def templates(self) -> jinja2.Environment:
        """The pages' templates, made by the first page rendered."""
        return _environment(self)


def _versions() -> dict[str, str]:
    """Static files are linked with a hash of their content, so browsers never keep an old one."""
    return {
        str(path.relative_to(STATIC)): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in STATIC.rglob("*")
        if path.is_file()
    }


def _environment(console: Console) -> jinja2.Environment:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    i18n = console.i18n
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        lambda text: i18n.gettext(text),
        lambda singular, plural, n: i18n.gettext(singular, plural, n),
        newstyle=False,
    )
    versions = _versions()

    def in_locale(language: str, macro: Any) -> Any:
        with i18n.use_locale(language):
            return macro()

    def when(moment: datetime | None) -> str:
        if moment is None:
            return "—"
        return format_datetime(moment, i18n.current_locale, console.settings.tz)

    def short(moment: datetime | None) -> str:
        """A table's date: 03.12.2026 14:05 in the city's zone (read the same in kk and ru)."""
        return moment.astimezone(console.settings.tz).strftime("%d.%m.%Y %H:%M") if moment else "—"

    def named(entry: Entry | None, code: str | None) -> str:
        return entry.name(i18n.current_locale) if entry is not None else (code or "—")

    environment.globals |= {
        "in_locale": in_locale,
        "when": when,
        "short": short,
        "status_label": status_label,
        "need_voice": need_voice,
        "voice_label": voice_label,
        "category_name": lambda code: named(console.catalog.category(code), code),
        "district_name": lambda code: named(console.catalog.district(code), code),
        "language": lambda: i18n.current_locale,
        "STATUSES": list(NeedStatus),
        "CONTENT_LANGUAGES": CONTENT_LANGUAGES,
        "static": lambda name: f"{PREFIX}/static/{name}?v={versions.get(name, '0')}",
        "prefix": PREFIX,
        "LANGUAGES": LANGUAGES,
        "LANGUAGE_NAMES": LANGUAGE_NAMES,
        "catalog": console.catalog,
    }
    return environment


def create_console_app(console: Console) -> web.Application:
    """The console alone (``kenes run`` in polling mode serves it on its own address)."""
    app = web.Application(client_max_size=UPLOAD_BYTES)
    mount(app, console)
    return app


def mount(app: web.Application, console: Console) -> None:
    """Add the console's routes under ``/console`` to ``app`` (also the webhook's server)."""
    from console import security
    from console.views import routes

    app[CONSOLE_KEY] = console
    app.middlewares.extend([security.headers, security.signed_in])
    app.router.add_static(f"{PREFIX}/static", STATIC, append_version=False)
    for method, path, handler in routes():
        app.router.add_route(method, PREFIX + path, handler)


def console_of(request: web.Request) -> Console:
    return request.app[CONSOLE_KEY]


def render(
    request: web.Request, template: str, context: dict[str, Any], *, status: int = 200
) -> web.Response:
    """A page or fragment: the visitor and their CSRF token are in every template."""
    from console.security import VISITOR

    visitor = request.get(VISITOR)
    base = {"visitor": visitor, "csrf": visitor.csrf if visitor else "", "request": request}
    page = console_of(request).templates.get_template(template).render(base | context)
    return web.Response(text=page, status=status, content_type="text/html", charset="utf-8")
