"""Checking what staff type in the hearing flow. Pure functions: a value, or a problem."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

TITLE = (3, 255)
DESCRIPTION = (10, 2000)
ADDRESS = (3, 300)
OUTCOME = (10, 3000)
MAX_LINK = 500
MAX_SEATS = 100_000
_MOMENT = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2})[:.](\d{2})\s*$")


class Problem(StrEnum):
    MALFORMED = "malformed"
    PAST = "past"
    AFTER_START = "after_start"
    BAD_LINK = "bad_link"
    BAD_NUMBER = "bad_number"


def parse_moment(text: str, tz: ZoneInfo, now: datetime) -> datetime | Problem:
    """``25.12.2026 15:00`` in the city's time zone; it must be a real moment to come."""
    match = _MOMENT.match(text)
    if match is None:
        return Problem.MALFORMED
    day, month, year, hour, minute = (int(part) for part in match.groups())
    try:
        moment = datetime(year, month, day, hour, minute, tzinfo=tz)
    except ValueError:  # 31.02, 25:00...
        return Problem.MALFORMED
    return Problem.PAST if moment <= now else moment


def parse_link(text: str) -> str | Problem:
    """An http(s) link with a host name, without spaces or characters HTML would mangle."""
    link = text.strip()
    if len(link) > MAX_LINK or any(c.isspace() or c in "<>\"'" for c in link):
        return Problem.BAD_LINK
    parts = urlsplit(link)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or "." not in host or host.endswith("."):
        return Problem.BAD_LINK
    return link


def parse_seats(text: str) -> int | Problem:
    value = text.strip().replace(" ", "")
    if not value.isdigit() or not 1 <= int(value) <= MAX_SEATS:
        return Problem.BAD_NUMBER
    return int(value)
