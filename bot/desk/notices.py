"""What residents are told about moderators' actions, each in their own language: status
changes (with the reason or the answer in their language when it came from a list or a
template), the photo of a resolution, answers, routing to a department, blocking and
unblocking.

The notices are written by the services in the transaction of the change
(``services.notices``); this module is their renderer: the broadcaster calls it for each
recipient inside the recipient's locale, and sends within the rate limits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import html
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcast.renderers import Recipient, Rendered, renderer
from bot.catalog import Catalog
from bot.i18n import LANGUAGES
from bot.latin import for_reader
from bot.render import status_notice
from keyboards.my import verdict_buttons
from models.need import NeedStatus
from models.notice import BROADCAST_KIND, Notice, NoticeKind
from services import notices
from services.statuses import StatusChange

Texts = Mapping[str, str]  # language -> text
CACHE_SIZE = 256  # notices never change: keep the latest few for their many recipients


@dataclass
class _Place:
    catalog: Catalog | None = None
    tz: ZoneInfo | None = None


_PLACE = _Place()
_cache: dict[int, Notice] = {}


def configure(catalog: Catalog, tz: ZoneInfo) -> None:
    """The city's catalog and time zone for the texts (``bot.desk.install`` calls this)."""
    _PLACE.catalog, _PLACE.tz = catalog, tz
    _cache.clear()  # another database, perhaps (the tests build Kenes again and again)


def same_in_every_language(text: str) -> dict[str, str]:
    """A text a moderator typed: every resident gets it as it is."""
    return {language: for_reader(text, language) for language in LANGUAGES}


def in_language(texts: Texts, language: str) -> str:
    return texts.get(language) or texts.get(language.split("_")[0]) or next(iter(texts.values()))


def _header(number: str, category: str, language: str) -> str:
    entry = _PLACE.catalog.category(category) if _PLACE.catalog else None
    return _("<b>Need {number}</b> · {category}").format(
        number=number, category=entry.name(language) if entry else category
    )


def _status(notice: Notice, recipient: Recipient) -> Rendered:
    p = notice.payload
    comments = p.get("comments")
    change = StatusChange(
        p["need_id"],
        p["number"],
        p["category"],
        p["from"],
        p["to"],
        in_language(comments, recipient.language) if comments else p["comment"],
        p["duplicate_of"],
        datetime.fromisoformat(p["deadline_at"]),
        datetime.fromisoformat(p["at"]),
        (),
    )
    assert _PLACE.catalog is not None and _PLACE.tz is not None
    text = status_notice(change, catalog=_PLACE.catalog, language=recipient.language, tz=_PLACE.tz)
    if recipient.resident_id == notice.author_id and change.to_status == NeedStatus.RESOLVED:
        return text + "\n\n" + _("Is the problem really solved?"), verdict_buttons(change.need_id)
    return text, None


def _text(notice: Notice, recipient: Recipient) -> Rendered:
    p, language = notice.payload, recipient.language
    if notice.kind == NoticeKind.PHOTO:
        caption = _("📷 The result: need {number}").format(number=p["number"])
        return caption, None, p["photo"]
    if notice.kind == NoticeKind.REPLY:
        answer = html.quote(in_language(p["texts"], language))
        header = _header(p["number"], p["category"], language)
        return "\n\n".join([header, _("💬 The akimat's answer:") + "\n" + answer]), None
    if notice.kind == NoticeKind.ROUTE:
        department = html.quote(in_language(p["names"], language))
        return (
            _header(p["number"], p["category"], language)
            + "\n\n"
            + _("Your need has been passed to the department responsible: {department}.").format(
                department=department
            )
        ), None
    if notice.kind == NoticeKind.BLOCK:
        return _(
            "The akimat's moderators have restricted your access to submissions. Reason: {reason}"
        ).format(reason=html.quote(p["reason"] or "")), None
    if notice.kind == NoticeKind.UNBLOCK:
        return _("The akimat's moderators have restored your access to submissions."), None
    return _status(notice, recipient)


@renderer(BROADCAST_KIND)
async def render(recipient: Recipient, subject_id: int | None, session: AsyncSession) -> Rendered:
    notice = _cache.get(subject_id or 0)
    if notice is None:
        notice = await notices.get(session, subject_id)
        if notice is None:
            raise LookupError(f"notice {subject_id} is gone")
        if len(_cache) >= CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[notice.id] = notice
    return _text(notice, recipient)
