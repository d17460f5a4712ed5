"""How needs read to a person: status labels, places, cards and status-change notices.

Shared by the handlers and by the notifier; call inside the reader's locale (a handler's
update, or ``with i18n.context(), i18n.use_locale(language)``). Whatever a person typed is
escaped here with ``html.quote``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import unescape
from zoneinfo import ZoneInfo

from aiogram import html
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.support import LazyProxy

from bot.catalog import Catalog
from bot.i18n import format_datetime, format_number
from models.need import REDACTED, Need, NeedEvent, NeedStatus
from services.statuses import StatusChange
from services.voice import minutes_seconds

STATUS_LABELS: dict[str, LazyProxy] = {
    NeedStatus.NEW: __("🆕 New"),
    NeedStatus.ACCEPTED: __("📥 Accepted"),
    NeedStatus.IN_PROGRESS: __("🛠 In progress"),
    NeedStatus.RESOLVED: __("✅ Resolved"),
    NeedStatus.REJECTED: __("⛔ Rejected"),
    NeedStatus.DUPLICATE: __("🔁 Duplicate"),
    NeedStatus.NOT_OUR_COMPETENCE: __("↪️ Outside the akimat's competence"),
    NeedStatus.REOPENED: __("🔄 Reopened"),
}
MAX_COMMENT_SHOWN = 1000  # a moderator's reason or answer reaches the resident whole
MAX_TEXT = 4096  # Telegram's limit: UTF-16 code units of the visible text, tags parsed away
DESCRIPTION_KEPT = 1000  # on a need's card the description gives way to its history down to this
_TAG = re.compile(r"<[^>]*>")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_length(html_text: str) -> int:
    """What Telegram counts against its limits: the text without tags and with entities read,
    in UTF-16 code units (an emoji outside the Basic Multilingual Plane counts 2)."""
    return utf16_length(unescape(_TAG.sub("", html_text)))


def shorten(text: str, units: int) -> str:
    """``text`` itself when it is at most ``units`` UTF-16 units long, else its beginning
    ending with "…", at most ``units`` long (never less than the "…")."""
    if utf16_length(text) <= units:
        return text
    room, end = units - 1, 0  # 1: the "…"
    for char in text:
        room -= 2 if ord(char) > 0xFFFF else 1
        if room < 0:
            break
        end += 1
    return text[:end].rstrip(" \n\u200d") + "…"


def fit(
    render: Callable[[list[str]], str],
    texts: Sequence[str],
    *,
    limit: int = MAX_TEXT,
    floor: int = 0,
) -> str:
    """``render(texts)`` made to fit Telegram's ``limit``: ``texts`` are what people typed
    (plain, escaped by ``render``); when the message is too long the longest of them are
    shortened alike, each ending with "…", just enough, none below ``floor`` UTF-16 units.
    Only the display is shortened; the caller's texts stay as they are."""
    text = render(list(texts))
    excess = visible_length(text) - limit
    if excess <= 0:
        return text
    lengths = [utf16_length(piece) for piece in texts]

    def removed(cap: int) -> int:
        return sum(max(0, length - cap) for length in lengths)

    low, high = floor, max(lengths, default=floor)
    while low < high:  # the largest cap that removes enough (or the floor, if none does)
        middle = (low + high + 1) // 2
        low, high = (middle, high) if removed(middle) >= excess else (low, middle - 1)
    return render([shorten(piece, low) for piece in texts])


def status_label(status: str) -> str:
    return str(STATUS_LABELS[status])


def place(address: str | None, latitude: float | None, longitude: float | None) -> str:
    if address:
        return html.quote(address)
    if latitude is not None and longitude is not None:
        return _("📍 location {latitude}, {longitude}").format(
            latitude=f"{latitude:.5f}", longitude=f"{longitude:.5f}"
        )
    return "—"


def _clip(text: str, limit: int = MAX_COMMENT_SHOWN) -> str:
    return html.quote(text if len(text) <= limit else text[: limit - 1] + "…")


def voice_label(duration: int) -> str:
    """A voice message as a line: “🎤 voice message, 0:42”."""
    return _("🎤 voice message, {duration}").format(duration=minutes_seconds(duration))


def need_voice(need: Need) -> int | None:
    """The length of the need's voice message, if it has one still (erasure forgets it)."""
    return need.voice_duration if need.voice_file_id else None


def need_fields(
    catalog: Catalog,
    language: str,
    *,
    category: str,
    district: str,
    address: str | None,
    latitude: float | None,
    longitude: float | None,
    description: str,
    photos: int,
    voice: int | None = None,
) -> str:
    """The lines a resident checks before sending, and sees again on the need's card;
    ``voice``: the length of its voice message (the description may then be empty)."""
    category_entry, district_entry = catalog.category(category), catalog.district(district)
    lines = [
        _("<b>Category:</b> {category}").format(
            category=category_entry.name(language) if category_entry else category
        ),
        _("<b>District:</b> {district}").format(
            district=district_entry.name(language) if district_entry else district
        ),
        _("<b>Place:</b> {place}").format(place=place(address, latitude, longitude)),
    ]
    if description or voice is None:
        lines.append(
            _("<b>Description:</b> {description}").format(description=html.quote(description))
        )
    if voice is not None:
        lines.append(voice_label(voice))
    lines.append(_("<b>Photos:</b> {count}").format(count=format_number(photos, language)))
    return "\n".join(lines)


def block_reason(reason: str | None) -> str:
    """A block's reason as residents and moderators read it: a block restored after the
    resident erased their data keeps no moderator's words (``services.erasure``)."""
    if reason is None:
        return _("the block stays after the data was erased")
    return html.quote(reason)


def shown_text(text: str) -> str:
    """A resident's text (a need's description, a hearing question), or, once its author
    erased their data, a note saying so in the reader's language."""
    return _("[erased at the author's request]") if text == REDACTED else text


def shown_description(need: Need) -> str:
    return shown_text(need.description)


def filed_fields(
    need: Need, catalog: Catalog, language: str, *, description: str, photos: int
) -> str:
    """:func:`need_fields` of a filed need, its description as shown."""
    return need_fields(
        catalog,
        language,
        category=need.category,
        district=need.district,
        address=need.address,
        latitude=need.latitude,
        longitude=need.longitude,
        description=description,
        photos=photos,
        voice=need_voice(need),
    )


def hidden_figure(small: bool, min_cell: int, language: str) -> str:
    """A figure residents may not read (``services.disclosure``): "fewer than 3 residents",
    or "hidden" for one hidden so that a small one cannot be worked out."""
    if small:
        return _("fewer than {count} resident", "fewer than {count} residents", min_cell).format(
            count=format_number(min_cell, language)
        )
    return _("hidden")


def public_need(
    need: Need, *, distance: float | None, catalog: Catalog, language: str, tz: ZoneInfo
) -> str:
    """What a stranger may read of an accepted need: never its author's words, only the
    public summary a moderator gave it."""
    category = catalog.category(need.category)
    lines = [
        _("<b>Need {number}</b>").format(number=need.number),
        _("<b>Category:</b> {category}").format(
            category=category.name(language) if category else need.category
        ),
        _("<b>Status:</b> {status}").format(status=status_label(need.status)),
    ]
    if distance is not None:
        metres = format_number(max(10, int(round(distance, -1))), language)
        lines.append(_("<b>Distance:</b> about {distance} m").format(distance=metres))
    lines.append(
        _("<b>Filed:</b> {date}").format(date=format_datetime(need.created_at, language, tz))
    )
    if need.public_summary:
        lines.append(
            _("<b>The akimat describes it so:</b> {summary}").format(
                summary=html.quote(need.public_summary)
            )
        )
    return "\n".join(lines)


def need_card(
    need: Need,
    *,
    catalog: Catalog,
    language: str,
    tz: ZoneInfo,
    photos: int,
    supporters: int,
    history: Sequence[NeedEvent],
) -> str:
    def card(description: list[str]) -> str:
        lines = [
            _("<b>Need {number}</b>").format(number=need.number),
            _("<b>Status:</b> {status}").format(status=status_label(need.status)),
            filed_fields(need, catalog, language, description=description[0], photos=photos),
            _("<b>Filed:</b> {date}").format(date=format_datetime(need.created_at, language, tz)),
            _("<b>Answer due by:</b> {date}").format(
                date=format_datetime(need.deadline_at, language, tz)
            ),
        ]
        if supporters:
            lines.append(
                _("<b>Supported by:</b> {count}").format(count=format_number(supporters, language))
            )
        return "\n".join([*lines, "", _("<b>History</b>"), *events])

    events = [
        f"• {format_datetime(event.at, language, tz)}: {status_label(event.to_status)}"
        + (f" — {_clip(event.comment)}" if event.comment else "")
        for event in history
    ]
    while True:  # the description gives way first, then the oldest steps; the latest shows
        floor = DESCRIPTION_KEPT if len(events) > 1 else 0
        text = fit(card, [shown_description(need)], floor=floor)
        if len(events) <= 1 or visible_length(text) <= MAX_TEXT:
            return text
        events.pop(0)


def _status_notice(change: StatusChange, deadline: str) -> str:
    comment = _clip(change.comment or "")
    notices = {
        NeedStatus.ACCEPTED: lambda: _(
            "The akimat has accepted this need. The answer is due by {deadline}."
        ).format(deadline=deadline),
        NeedStatus.IN_PROGRESS: lambda: _("Work on this need has started."),
        NeedStatus.RESOLVED: lambda: _("The akimat reports that the problem has been resolved."),
        NeedStatus.REJECTED: lambda: _(
            "The akimat has rejected this need. Reason: {reason}"
        ).format(reason=comment),
        NeedStatus.DUPLICATE: lambda: _(
            "This need repeats need {original}, which is already being handled. You will be "
            "told how it goes."
        ).format(original=change.duplicate_of or "—"),
        NeedStatus.NOT_OUR_COMPETENCE: lambda: _(
            "This question is outside the akimat's competence. Where to turn: {where}"
        ).format(where=comment),
        # Supporters get this fixed text; the author's comment goes to the moderators only.
        NeedStatus.REOPENED: lambda: _(
            "The author reports that the problem is not solved. This need has been reopened "
            "and is back in the akimat's queue."
        ),
    }
    text = notices[NeedStatus(change.to_status)]()
    if comment and change.to_status in {
        NeedStatus.ACCEPTED,
        NeedStatus.IN_PROGRESS,
        NeedStatus.RESOLVED,
    }:
        text += "\n" + _("Comment: {comment}").format(comment=comment)
    return text


def status_notice(change: StatusChange, *, catalog: Catalog, language: str, tz: ZoneInfo) -> str:
    category = catalog.category(change.category)
    header = _("<b>Need {number}</b> · {category}").format(
        number=change.number, category=category.name(language) if category else change.category
    )
    status = _("Status: {status}").format(status=status_label(change.to_status))
    notice = _status_notice(change, format_datetime(change.deadline_at, language, tz))
    return f"{header}\n{status}\n\n{notice}"
