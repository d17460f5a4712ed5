"""The desk's actions from the console: exactly those of the Telegram card, through the same
functions (``bot.desk.actions``): one code path, the same checks, audit entries and notices.
Each answers with a redirect to the need's page, which says how it went."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from aiogram.exceptions import TelegramAPIError
from aiogram.types import BufferedInputFile
from aiogram.utils.i18n import gettext as _
from aiohttp import web
from aiohttp.web_request import FileField
from sqlalchemy.ext.asyncio import AsyncSession

from bot.desk import actions
from bot.desk.actions import Outcome, Result
from bot.desk.notices import same_in_every_language
from bot.i18n import LANGUAGE_NAMES
from console.app import PREFIX, console_of, render
from console.security import FORM, VISITOR
from handlers.moderation.presets import PLACES, REASONS, in_every_language
from models.moderation import ReplyTemplate
from models.need import NeedStatus
from services import console_need, library, moderation, notices
from services.blocking import REASON_LENGTH
from services.library import TEMPLATE_LENGTH
from services.moderation import Staffer
from services.needs import check_text
from services.staff import Actor

SUMMARY_LENGTH = 500
PHOTO_BYTES = 10 * 1024 * 1024  # as Telegram takes photos
AT_ONCE = {"acc": NeedStatus.ACCEPTED, "wrk": NeedStatus.IN_PROGRESS}
LISTED = {"rej": (REASONS, NeedStatus.REJECTED), "noc": (PLACES, NeedStatus.NOT_OUR_COMPETENCE)}
BULK = ("acc", "rte", "rpl")


def staffer(request: web.Request) -> Staffer:
    visitor = request[VISITOR]
    return Staffer(Actor(visitor.telegram_id, visitor.role), visitor.name)


class Invalid(Exception):
    """What the form asked for cannot be done as it is (``str``: the result code)."""


async def _texts(
    request: web.Request, form: Mapping[str, str], *, limit: tuple[int, int]
) -> dict[str, str]:
    """The text of a reply or a resolution: a template (every language), or the typed one."""
    typed = " ".join(form.get("text", "").split())
    if typed:
        if check_text(typed, limit) is not None:
            raise Invalid("text")
        return same_in_every_language(typed)
    template_id = form.get("template", "")
    if template_id.isdigit():
        async with console_of(request).sessionmaker() as session:
            template = await library.one(session, ReplyTemplate, int(template_id))
        if template is not None:
            return dict(template.texts)
    raise Invalid("text")


async def _photo(request: web.Request, need_id: int) -> str | None:
    """A photo of the result uploaded with the form: sent to the moderator's own chat with the
    bot, so that it has a Telegram file id, the one the desk passes on (as when a moderator
    sends the photo in Telegram)."""
    upload = (await request.post()).get("photo")
    if not isinstance(upload, FileField) or not upload.filename:
        return None
    data = upload.file.read(PHOTO_BYTES + 1)
    if not data:
        return None
    if len(data) > PHOTO_BYTES or not upload.content_type.startswith("image/"):
        raise Invalid("photo")
    console = console_of(request)
    async with console.sessionmaker() as session:
        found = await console_need.load(session, need_id)
    caption = _("📷 Need {number}: photos").format(number=found.need.number if found else "")
    try:
        sent = await console.bot.send_photo(
            request[VISITOR].telegram_id,
            BufferedInputFile(data, upload.filename),
            caption=caption,
        )
    except TelegramAPIError:
        raise Invalid("photo") from None
    if not sent.photo:
        raise Invalid("photo")
    return sent.photo[-1].file_id


async def perform(
    request: web.Request, need_id: int, action: str, seen: str, form: Mapping[str, str]
) -> Outcome:
    """One desk action on one need, as the form describes it. The residents' notices were
    queued in the action's transaction (``services.notices``); once it is committed they are
    started here (else the broadcaster's job resumes them)."""
    console = console_of(request)
    async with console.sessionmaker() as session:
        try:
            return await _perform(request, session, need_id, action, seen, form)
        finally:
            for broadcast_id in notices.queued(session):
                if console.broadcaster is not None:
                    console.broadcaster.start(broadcast_id, tracked=True)


async def _perform(
    request: web.Request,
    session: AsyncSession,
    need_id: int,
    action: str,
    seen: str,
    form: Mapping[str, str],
) -> Outcome:
    console = console_of(request)
    who = staffer(request)
    if action in AT_ONCE:
        summary = " ".join(form.get("summary", "").split())[:SUMMARY_LENGTH] or None
        return await actions.change_status(
            console.desk, session, who, need_id, AT_ONCE[action], seen=seen,
            public_summary=summary if action == "acc" else None,
        )  # fmt: skip
    if action in LISTED:
        presets, to = LISTED[action]
        option = form.get("option", "")
        own = " ".join(form.get("own", "").split())
        if option in presets:
            texts = in_every_language(console.i18n, presets[option][1])
        elif own and check_text(own, REASON_LENGTH) is None:
            texts = same_in_every_language(own)
        else:
            raise Invalid("text")
        return await actions.change_status(
            console.desk, session, who, need_id, to, seen=seen, texts=texts
        )
    if action == "dup":
        original = await moderation.find_need(session, form.get("original", ""))
        if original is None or original.id == need_id:
            raise Invalid("original")
        return await actions.change_status(
            console.desk, session, who, need_id, NeedStatus.DUPLICATE, seen=seen,
            duplicate_of=original.id,
        )  # fmt: skip
    if action == "rte":
        department = form.get("department", "")
        if not department.isdigit():
            raise Invalid("department")
        return await actions.route(console.desk, session, who, need_id, int(department))
    if action == "rpl":
        texts = await _texts(request, form, limit=TEMPLATE_LENGTH)
        return await actions.reply(console.desk, session, who, need_id, texts)
    if action == "res":
        texts = await _texts(request, form, limit=TEMPLATE_LENGTH)
        photo = await _photo(request, need_id)
        return await actions.change_status(
            console.desk, session, who, need_id, NeedStatus.RESOLVED, seen=seen,
            texts=texts, photo=photo,
        )  # fmt: skip
    raise Invalid("action")


async def act(request: web.Request) -> web.StreamResponse:
    need_id = int(request.match_info["need_id"])
    form = request[FORM]
    try:
        outcome = await perform(
            request, need_id, form.get("action", ""), form.get("seen", ""), form
        )
        result = outcome.result.value
    except Invalid as problem:
        result = f"invalid-{problem}"
    raise web.HTTPSeeOther(f"{PREFIX}/needs/{need_id}?{urlencode({'r': result})}")


async def preview(request: web.Request) -> web.StreamResponse:
    """What the author will read, in their language, when this template is sent."""
    console = console_of(request)
    template_id = request.query.get("template", "")
    language = request.query.get("language", console.settings.default_language)
    text = ""
    if template_id.isdigit():
        async with console.sessionmaker() as session:
            template = await library.one(session, ReplyTemplate, int(template_id))
        text = template.text(language) if template is not None else ""
    return render(
        request,
        "preview.html",
        {"text": text, "language": LANGUAGE_NAMES.get(language, language)},
    )


async def bulk(request: web.Request) -> web.StreamResponse:
    """Many needs at once: accept, route, or answer with one template. Each need goes
    through the same action as alone; the page says how many were done."""
    form = request[FORM]
    action = form.get("action", "")
    post = await request.post()
    chosen = [value for value in post.getall("need", []) if isinstance(value, str)]
    counts: dict[str, int] = {}
    for raw in chosen[:200]:
        need_id, _, seen = raw.partition(":")
        if not need_id.isdigit() or action not in BULK:
            continue
        try:
            outcome = await perform(request, int(need_id), action, seen, form)
            key = outcome.result.value
        except Invalid as problem:
            key = f"invalid-{problem}"
        counts[key] = counts.get(key, 0) + 1
    back = form.get("next", "")
    back = back if back.startswith(PREFIX + "/") else f"{PREFIX}/"
    return render(request, "bulk_done.html", {"counts": counts, "back": back, "Result": Result})
