"""Answer deadlines in working days: Saturdays, Sundays and the public holidays of
Kazakhstan (``services.holidays``) do not count; a weekend day a decree made working does."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.holidays import Calendar, kazakhstan

END_OF_WORKING_DAY = time(18, 0)


def add_working_days(
    start: date, days: int, holidays: Collection[date] = (), *, working: Collection[date] = ()
) -> date:
    """The ``days``-th working day after ``start`` (which itself does not count)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day in working or (day.weekday() < 5 and day not in holidays):
            days -= 1
    return day


def deadline(
    moment: datetime,
    working_days: int,
    tz: ZoneInfo,
    holidays: Collection[date] = (),
    *,
    working: Collection[date] = (),
) -> datetime:
    """The end of the ``working_days``-th working day after ``moment``, in UTC."""
    day = add_working_days(moment.astimezone(tz).date(), working_days, holidays, working=working)
    return datetime.combine(day, END_OF_WORKING_DAY, tzinfo=tz).astimezone(UTC)


def answer_deadline(
    moment: datetime, working_days: int, tz: ZoneInfo, calendar: Calendar | None = None
) -> datetime:
    """The deadline of an answer to a need filed at ``moment``, with Kazakhstan's holidays."""
    calendar = calendar or kazakhstan()
    return deadline(moment, working_days, tz, calendar.days_off, working=calendar.working_days)


def start_of_day(moment: datetime, tz: ZoneInfo) -> datetime:
    local = moment.astimezone(tz)
    return datetime.combine(local.date(), time(0, 0), tzinfo=tz).astimezone(UTC)
