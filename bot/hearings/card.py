"""The hearing card in the reader's language (the current locale)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import html
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from bot.i18n import format_datetime, format_number
from bot.render import fit
from models.base import utcnow
from models.hearing import Hearing, HearingStatus
from services import disclosure
from services.disclosure import Figure

DEEP_LINK_PREFIX = "h_"


def deep_link(username: str, hearing_id: int) -> str:
    """``t.me/<bot>?start=h_<id>``: a start payload of A-Za-z0-9_- well under 64 characters."""
    return f"https://t.me/{username}?start={DEEP_LINK_PREFIX}{hearing_id}"


def where_and_what(hearing: Hearing, catalog: Catalog, language: str) -> tuple[str, str]:
    district = catalog.district(hearing.district)
    topic = catalog.category(hearing.topic)
    return (
        district.name(language) if district else _("The whole city"),
        topic.name(language) if topic else hearing.topic,
    )


def title(hearing: Hearing, language: str) -> str:
    return html.quote(hearing.text("title", language))


def details(
    hearing: Hearing,
    catalog: Catalog,
    language: str,
    tz: ZoneInfo,
    *,
    min_cell: int | None = None,
) -> list[str]:
    """Date, place, district, topic, seats and the question deadline, a line each. With
    ``min_cell`` (what residents read), fewer seats taken than that are not counted out
    (``services.disclosure``), unless they are all the seats there are."""
    district, topic = where_and_what(hearing, catalog, language)
    lines = [_("🗓 When: {date}").format(date=format_datetime(hearing.starts_at, language, tz))]
    if hearing.address:
        lines.append(_("📍 Where: {address}").format(address=html.quote(hearing.address)))
    if hearing.link:
        lines.append(_("🔗 Online: {link}").format(link=html.quote(hearing.link)))
    lines.append(_("🗺 District: {district}").format(district=district))
    lines.append(_("🏷 Topic: {topic}").format(topic=topic))
    taken = Figure(hearing.seats_taken, hearing.seats_taken)
    full = hearing.seats is not None and hearing.seats_taken >= hearing.seats  # no secret
    if (
        hearing.seats is not None
        and min_cell is not None
        and disclosure.small(taken, min_cell)
        and not full
    ):
        lines.append(
            _(
                "👥 Seats taken: fewer than {count} of {seats}",
                "👥 Seats taken: fewer than {count} of {seats}",
                min_cell,
            ).format(
                count=format_number(min_cell, language),
                seats=format_number(hearing.seats, language),
            )
        )
    elif hearing.seats is not None:
        lines.append(
            _("👥 Seats taken: {taken} of {seats}").format(
                taken=format_number(hearing.seats_taken, language),
                seats=format_number(hearing.seats, language),
            )
        )
    if hearing.questions_until is not None:
        lines.append(
            _("❓ Questions until: {date}").format(
                date=format_datetime(hearing.questions_until, language, tz)
            )
        )
    return lines


def card_text(
    hearing: Hearing,
    catalog: Catalog,
    language: str,
    tz: ZoneInfo,
    *,
    registered: bool,
    lead: str = "",
    min_cell: int | None = None,
) -> str:
    """The card, after ``lead`` (a header of the message, HTML) when given; the title, the
    description and the outcome give way (shortened alike) so that it fits one message.
    ``min_cell`` for residents (see :func:`details`)."""
    lines = "\n".join(details(hearing, catalog, language, tz, min_cell=min_cell))
    footer: list[str] = []
    outcome = ""
    if hearing.status == HearingStatus.CANCELLED:
        footer.append(_("❌ This hearing has been cancelled."))
    elif hearing.starts_at <= utcnow():
        footer.append(_("This hearing has already taken place."))
        if hearing.outcome_at is not None:
            outcome = hearing.text("outcome", language)
    elif registered:
        footer.append(_("✅ You are registered for this hearing."))
    outcome_header = _("<b>Outcome:</b>")

    def render(texts: list[str]) -> str:
        name, description, result = texts
        parts = [
            "🏛 <b>" + html.quote(name) + "</b>",
            html.quote(description),
            lines,
            *footer,
        ]
        if outcome:
            parts.append(outcome_header + "\n" + html.quote(result))
        return lead + "\n\n".join(parts)

    texts = [hearing.text("title", language), hearing.text("description", language), outcome]
    return fit(render, texts)
