"""Answer deadlines in working days: Saturdays and Sundays do not count (public holidays are
passed in by the caller once the holiday calendar exists)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

END_OF_WORKING_DAY = time(18, 0)


def add_working_days(start: date, days: int, holidays: Collection[date] = ()) -> date:
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            days -= 1
    return day


def deadline(
    moment: datetime, working_days: int, tz: ZoneInfo, holidays: Collection[date] = ()
) -> datetime:
    """The end of the ``working_days``-th working day after ``moment``, in UTC."""
    day = add_working_days(moment.astimezone(tz).date(), working_days, holidays)
    return datetime.combine(day, END_OF_WORKING_DAY, tzinfo=tz).astimezone(UTC)


def start_of_day(moment: datetime, tz: ZoneInfo) -> datetime:
    local = moment.astimezone(tz)
    return datetime.combine(local.date(), time(0, 0), tzinfo=tz).astimezone(UTC)
