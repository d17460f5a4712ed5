"""What a moderator types while creating a poll, checked: the question, the options (one per
line), the opening and closing moments. Pure functions; the texts are the handlers' job."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from models.poll import MAX_OPTION, MAX_OPTIONS, MAX_QUESTION, MIN_OPTIONS

_MOMENT = re.compile(
    r"^\s*(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{1,2})-(\d{1,2}))[ T,]+(\d{1,2}):(\d{2})\s*$"
)


class Problem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    TOO_FEW = "too_few"
    TOO_MANY = "too_many"
    NOT_MATCHING = "not_matching"  # not as many options as in the other language
    REPEATED = "repeated"
    UNREADABLE = "unreadable"
    PAST = "past"
    BEFORE_OPENING = "before_opening"


@dataclass(frozen=True)
class OptionsCheck:
    options: list[str]
    problem: Problem | None = None
    line: int = 0  # 1-based: the option the problem is in (too long)
    length: int = 0


def check_question(text: str) -> Problem | None:
    """At most 300 characters, with words in it."""
    text = text.strip()
    if len(text) > MAX_QUESTION:
        return Problem.TOO_LONG
    return None if any(character.isalnum() for character in text) else Problem.EMPTY


def split_options(text: str, *, expected: int | None = None) -> OptionsCheck:
    """One option per non-empty line: 2 to 10 of them, each at most 100 characters, no two
    the same, and ``expected`` of them when the other language has that many."""
    options = [line.strip() for line in text.splitlines() if line.strip()]
    for number, option in enumerate(options, start=1):
        if len(option) > MAX_OPTION:
            return OptionsCheck(options, Problem.TOO_LONG, number, len(option))
    if expected is not None and len(options) != expected:
        return OptionsCheck(options, Problem.NOT_MATCHING)
    if len(options) < MIN_OPTIONS:
        return OptionsCheck(options, Problem.TOO_FEW)
    if len(options) > MAX_OPTIONS:
        return OptionsCheck(options, Problem.TOO_MANY)
    if len({option.casefold() for option in options}) != len(options):
        return OptionsCheck(options, Problem.REPEATED)
    return OptionsCheck(options)


def parse_moment(text: str, tz: ZoneInfo) -> datetime | None:
    """``DD.MM.YYYY HH:MM`` (or ``YYYY-MM-DD HH:MM``) in the city's time zone."""
    match = _MOMENT.match(text)
    if match is None:
        return None
    day, month, year, iso_year, iso_month, iso_day, hour, minute = match.groups()
    try:
        return datetime(
            int(year or iso_year),
            int(month or iso_month),
            int(day or iso_day),
            int(hour),
            int(minute),
            tzinfo=tz,
        )
    except ValueError:  # 31.02, 25:00...
        return None


def check_opening(moment: datetime, now: datetime) -> Problem | None:
    # A minute's grace: the moderator may type the current minute.
    return Problem.PAST if moment < now - timedelta(minutes=1) else None


def check_closing(moment: datetime, opens_at: datetime, now: datetime) -> Problem | None:
    if moment <= opens_at:
        return Problem.BEFORE_OPENING
    return Problem.PAST if moment <= now else None
