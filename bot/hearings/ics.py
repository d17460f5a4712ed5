"""An iCalendar file (RFC 5545) for one hearing, in the reader's language, made with
``icalendar`` (text escaping, line folding, DTSTAMP in UTC, CRLF). The times are local to the
city (``DTSTART;TZID=Asia/Almaty``) with a VTIMEZONE made from the time zone database for the
days of the hearing, so a calendar shows the city's time and converts it to its own zone."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from models.base import utcnow
from models.hearing import Hearing, HearingStatus

DURATION = timedelta(hours=2)  # a hearing has no end time; calendars get a two-hour slot


def hearing_ics(
    hearing: Hearing,
    *,
    summary: str,
    description: str,
    location: str | None,
    url: str | None,
    domain: str,
    tz: ZoneInfo,
) -> bytes:
    from icalendar import Calendar, Event  # imported when a resident asks: not in an idle bot
    from icalendar.enums import STATUS

    start = hearing.starts_at.astimezone(tz)
    cancelled = hearing.status == HearingStatus.CANCELLED
    event = Event.new(
        uid=f"hearing-{hearing.id}@{domain}",
        sequence=hearing.version - 1,
        stamp=utcnow(),
        start=start,
        end=start + DURATION,
        summary=summary,
        description=description,
        location=location or None,
        url=url or None,
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
    )
    calendar = Calendar.new(
        prodid="-//Kenes//Public hearings//EN",
        calscale="GREGORIAN",
        method="PUBLISH",
        uid=f"hearing-{hearing.id}-calendar@{domain}",
        subcomponents=[event],
    )
    calendar.add_missing_timezones(
        first_date=start.date() - timedelta(days=1),
        last_date=(start + DURATION).date() + timedelta(days=1),
    )
    return bytes(calendar.to_ical())
