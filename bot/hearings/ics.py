"""An iCalendar file (RFC 5545) for one hearing, in the reader's language: times in UTC
(``...Z``, so every calendar converts them to its own zone), texts escaped (§3.3.11), lines
folded at 75 octets (§3.1) and ended with CRLF."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.base import utcnow
from models.hearing import Hearing, HearingStatus

DURATION = timedelta(hours=2)  # a hearing has no end time; calendars get a two-hour slot


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> bytes:
    """Split after at most 75 octets, never inside a UTF-8 character; continuation lines
    start with a space."""
    data = line.encode()
    chunks, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: step back to a boundary
            end -= 1
        chunks.append(data[start:end])
        start, limit = end, 74  # the leading space counts
    chunks.append(data[start:])
    return b"\r\n ".join(chunks) + b"\r\n"


def hearing_ics(
    hearing: Hearing,
    *,
    summary: str,
    description: str,
    location: str | None,
    url: str | None,
    domain: str,
) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kenes//Public hearings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:hearing-{hearing.id}@{domain}",
        f"SEQUENCE:{hearing.version - 1}",
        f"DTSTAMP:{_stamp(utcnow())}",
        f"DTSTART:{_stamp(hearing.starts_at)}",
        f"DTEND:{_stamp(hearing.starts_at + DURATION)}",
        "SUMMARY:" + _escape(summary),
        "DESCRIPTION:" + _escape(description),
    ]
    if location:
        lines.append("LOCATION:" + _escape(location))
    if url:
        lines.append("URL:" + url)
    cancelled = hearing.status == HearingStatus.CANCELLED
    lines += [f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}", "END:VEVENT", "END:VCALENDAR"]
    return b"".join(_fold(line) for line in lines)
