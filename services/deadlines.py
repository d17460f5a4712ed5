"""Answer deadlines in working days: Saturdays, Sundays and the public holidays of
Kazakhstan (``services.holidays``) do not count; a weekend day a decree made working does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.holidays import Calendar, kazakhstan

END_OF_WORKING_DAY = time(18, 0)
IsWorking = Callable[[date], bool]


def weekdays(day: date) -> bool:
    """Monday to Friday: working days when no holiday calendar is given."""
    return day.weekday() < 5


def add_working_days(start: date, days: int, is_working: IsWorking = weekdays) -> date:
    """The ``days``-th working day after ``start`` (which itself does not count)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working(day):
            days -= 1
    return day


def deadline(
    moment: datetime, working_days: int, tz: ZoneInfo, is_working: IsWorking = weekdays
) -> datetime:
    """The end of the ``working_days``-th working day after ``moment``, in UTC."""
    day = add_working_days(moment.astimezone(tz).date(), working_days, is_working)
    return datetime.combine(day, END_OF_WORKING_DAY, tzinfo=tz).astimezone(UTC)


def answer_deadline(
    moment: datetime, working_days: int, tz: ZoneInfo, calendar: Calendar | None = None
) -> datetime:
    """The deadline of an answer to a need filed at ``moment``, with Kazakhstan's holidays."""
    calendar = calendar or kazakhstan()
    return deadline(moment, working_days, tz, calendar.is_working)


def start_of_day(moment: datetime, tz: ZoneInfo) -> datetime:
    local = moment.astimezone(tz)
    return datetime.combine(local.date(), time(0, 0), tzinfo=tz).astimezone(UTC)
