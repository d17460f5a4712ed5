"""The public holidays of Kazakhstan, from ``cities/_holidays.toml`` (updated every year).

National and state holidays that fall on a Saturday or a Sunday free the next working day
(the Law "On holidays", article 5); religious holidays (the first day of Kurban Ait,
Orthodox Christmas) are not moved. Days off moved by a Government decree are listed in the
file by hand. The file is read once and checked: a wrong date stops with its name and year.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

HOLIDAYS_FILE = Path(__file__).resolve().parent.parent / "cities" / "_holidays.toml"
logger = logging.getLogger(__name__)


class HolidaysError(ValueError):
    """The holidays file is wrong; the message says where."""


@dataclass(frozen=True)
class Calendar:
    days_off: frozenset[date]  # holidays, the days they were moved to, decreed days off
    working_days: frozenset[date]  # Saturdays and Sundays made working days by a decree
    years: frozenset[int]

    def is_working(self, day: date) -> bool:
        if day in self.working_days:
            return True
        return day.weekday() < 5 and day not in self.days_off


def _days(raw: Any, year: int, where: str, *, named: bool) -> list[date]:
    if not isinstance(raw, list):
        raise HolidaysError(f"{where}: must be a list")
    days = []
    for item in raw:
        day = item.get("day") if named and isinstance(item, dict) else item
        if named and (not isinstance(item, dict) or not str(item.get("name", "")).strip()):
            raise HolidaysError(f"{where}: every holiday needs a day and a name")
        if not isinstance(day, date) or day.year != year:
            raise HolidaysError(f"{where}: {day!r} is not a date of {year}")
        days.append(day)
    return days


def moved_days_off(national: Iterable[date], taken: Iterable[date]) -> set[date]:
    """The working days freed by national holidays that fall on a weekend: each one frees
    the first working day after it that is not a holiday or freed already."""
    busy, moved = set(taken), set()
    for holiday in sorted(national):
        if holiday.weekday() < 5:
            continue
        day = holiday + timedelta(days=1)
        while day.weekday() >= 5 or day in busy:
            day += timedelta(days=1)
        busy.add(day)
        moved.add(day)
    return moved


def parse(raw: dict[str, Any], name: str) -> Calendar:
    days_off: set[date] = set()
    working: set[date] = set()
    years: set[int] = set()
    tables = raw.get("years")
    if not isinstance(tables, list) or not tables:
        raise HolidaysError(f"{name}: no [[years]]")
    for table in tables:
        year = table.get("year")
        if not isinstance(year, int) or year in years:
            raise HolidaysError(f"{name}: a [[years]] table needs a year of its own")
        where = f"{name} {year}"
        national = _days(table.get("national"), year, f"{where} national", named=True)
        religious = _days(table.get("religious"), year, f"{where} religious", named=True)
        decreed = _days(table.get("days_off", []), year, f"{where} days_off", named=False)
        made_working = _days(
            table.get("working_days", []), year, f"{where} working_days", named=False
        )
        if any(day.weekday() < 5 for day in made_working):
            raise HolidaysError(f"{where} working_days: only a Saturday or a Sunday")
        fixed = {*national, *religious, *decreed}
        days_off |= fixed | moved_days_off(national, fixed)
        working |= set(made_working)
        years.add(year)
    return Calendar(frozenset(days_off), frozenset(working), frozenset(years))


@lru_cache
def kazakhstan(path: Path = HOLIDAYS_FILE) -> Calendar:
    """The calendar of the shipped file (read once)."""
    try:
        with path.open("rb") as file:
            raw = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise HolidaysError(f"{path.name}: {error}") from None
    return parse(raw, path.name)


def warn_if_outdated(today: date, calendar: Calendar | None = None) -> bool:
    """Log (and return ``True``) when this year, or from October the next one, is missing."""
    calendar = calendar or kazakhstan()
    needed = {today.year} | ({today.year + 1} if today.month >= 10 else set())
    missing = sorted(needed - calendar.years)
    if missing:
        logger.warning(
            "holidays of %s missing in %s: deadlines count only weekends then",
            ", ".join(map(str, missing)),
            HOLIDAYS_FILE.name,
        )
    return bool(missing)
