"""Export periods: local calendar days, ISO weeks and months in the city's time zone.

A period is written ``2026-11-27`` (a day), ``2026-W48`` (an ISO week, Monday to Sunday) or
``2026-11`` (a month). It covers ``[start, end)`` in local time; :meth:`Period.bounds` gives
the same instants in UTC, which is how every timestamp is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Granularity(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


_FORMS = {
    Granularity.DAY: re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    Granularity.WEEK: re.compile(r"^(\d{4})-W(\d{2})$"),
    Granularity.MONTH: re.compile(r"^(\d{4})-(\d{2})$"),
}
EXAMPLES = "2026-11-27 (a day), 2026-W48 (a week) or 2026-11 (a month)"


class PeriodError(ValueError):
    """A period string that names no period; the message says what is expected."""


@dataclass(frozen=True, order=True)
class Period:
    start: date  # the first local day
    granularity: Granularity

    @property
    def end(self) -> date:
        """The first local day after the period."""
        if self.granularity is Granularity.DAY:
            return self.start + timedelta(days=1)
        if self.granularity is Granularity.WEEK:
            return self.start + timedelta(days=7)
        year, month = divmod(self.start.month, 12)
        return date(self.start.year + year, month + 1, 1)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def key(self) -> str:
        if self.granularity is Granularity.DAY:
            return self.start.isoformat()
        if self.granularity is Granularity.WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.year}-{self.start.month:02d}"

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """``[start, end)`` as UTC instants: local midnights in ``tz``."""
        return _midnight(self.start, tz), _midnight(self.end, tz)

    def previous(self) -> Period:
        return containing(self.start - timedelta(days=1), self.granularity)

    def next(self) -> Period:
        return Period(self.end, self.granularity)

    def __str__(self) -> str:
        return self.key


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=tz).astimezone(UTC)


def containing(day: date, granularity: Granularity) -> Period:
    """The period of ``granularity`` that contains the local day ``day``."""
    if granularity is Granularity.DAY:
        return Period(day, granularity)
    if granularity is Granularity.WEEK:
        return Period(day - timedelta(days=day.weekday()), granularity)
    return Period(day.replace(day=1), granularity)


def parse(text: str, granularity: Granularity | None = None) -> Period:
    """``2026-11-27``, ``2026-W48`` or ``2026-11``; the granularity follows from the form,
    and must agree with ``granularity`` when that is given."""
    text = text.strip()
    for kind, form in _FORMS.items():
        match = form.match(text)
        if match is None:
            continue
        numbers = [int(part) for part in match.groups()]
        try:
            if kind is Granularity.DAY:
                period = Period(date(*numbers), kind)
            elif kind is Granularity.WEEK:
                period = Period(date.fromisocalendar(numbers[0], numbers[1], 1), kind)
            else:
                period = Period(date(numbers[0], numbers[1], 1), kind)
        except ValueError:
            raise PeriodError(f"unknown period {text!r}: no such date ({EXAMPLES})") from None
        if granularity is not None and granularity is not kind:
            raise PeriodError(f"period {text!r} is a {kind}, not a {granularity}")
        return period
    raise PeriodError(f"unknown period {text!r}: use {EXAMPLES}")


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def last_closed(granularity: Granularity, now: datetime, tz: ZoneInfo) -> Period:
    """The latest period of ``granularity`` that ended at or before ``now``."""
    return containing(local_day(now, tz), granularity).previous()


def is_closed(period: Period, now: datetime, tz: ZoneInfo) -> bool:
    return period.bounds(tz)[1] <= now


def closed_since(
    first: Period, now: datetime, tz: ZoneInfo, *, settle: timedelta = timedelta(0)
) -> Iterator[Period]:
    """Every period from ``first`` on that ended at least ``settle`` before ``now``."""
    period = first
    while period.bounds(tz)[1] + settle <= now:
        yield period
        period = period.next()
