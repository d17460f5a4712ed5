"""Working days in Kazakhstan: the ``holidays`` package is the calendar, a small local file
corrects it where it lags.

The package knows the Law "On holidays" for every year: national holidays that fall on a
weekend free the next working day, the first day of Kurban Ait (by the Islamic calendar,
marked "estimated" until confirmed) and Orthodox Christmas are not moved, the Government's
transfers of days off it has caught up with, and changes such as Constitution Day moving to
15 March from 2027. Its version is pinned in ``uv.lock``: ``make lock UPGRADE=holidays``
brings its newer releases.

``cities/_holidays.toml`` lists only what the package does not know yet (a decree published
this week, a day off of the akimat's own); an entry there wins. At start-up
:func:`report_overrides` logs a warning for every entry that disagrees with the package, and
says which entries the package now agrees with (so they can go); with no entry for this year or
later it does not load the package at all.

The package's top module imports its ~250 country modules when a country is asked for
(``holidays.country_holidays``: 302 modules, ~13 MB); :func:`library_calendar` imports only
``holidays.countries.kazakhstan`` (47 modules), and only when a deadline is first computed.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Strict, StringConstraints, ValidationError

if TYPE_CHECKING:
    import holidays

OVERRIDES_FILE = Path(__file__).resolve().parent.parent / "cities" / "_holidays.toml"
logger = logging.getLogger(__name__)


class HolidaysError(ValueError):
    """The override file is wrong; the message says where."""


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    day: Annotated[date, Strict()]  # a TOML date (2027-05-17), not a date and time
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class OverrideFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days_off: list[Entry] = []
    working_days: list[Entry] = []  # a Saturday worked by decree, a day off cancelled


@dataclass(frozen=True)
class Override:
    day: date
    working: bool
    reason: str


class Calendar:
    """Kazakhstan's working days: the ``holidays`` package, then the local overrides."""

    def __init__(self, library: holidays.HolidayBase, overrides: tuple[Override, ...] = ()):
        self.library = library
        self.overrides = {override.day: override for override in overrides}
        self._working: dict[date, bool] = {}  # days asked already (a deadline asks ~14)

    def is_working(self, day: date) -> bool:
        working = self._working.get(day)
        if working is None:
            override = self.overrides.get(day)
            working = override.working if override else bool(self.library.is_working_day(day))
            self._working[day] = working
        return working

    def library_name(self, day: date) -> str | None:
        """What the package calls ``day`` (a holiday, a day off moved there), if anything."""
        return self.library.get(day)

    def disagreements(self) -> list[Override]:
        """The overrides that change what the package says."""
        return [
            override
            for override in self.overrides.values()
            if self.library.is_working_day(override.day) != override.working
        ]


def library_calendar() -> holidays.HolidayBase:
    """Kazakhstan in the ``holidays`` package, names in English (for logs); years are
    computed on first use, so no year is ever missing."""
    return _kazakhstan_class()(language="en_US")


def _kazakhstan_class() -> type[holidays.HolidayBase]:
    """``holidays.countries.kazakhstan.Kazakhstan`` without ``holidays.countries``' own
    ``__init__``, which imports every country: the package is stood in by an empty module
    of the same path while the one country is imported, then forgotten again (so a later
    ``import holidays.countries`` still gets the real one, with this country already there)."""
    name = "holidays.countries"
    if name in sys.modules:
        from holidays.countries.kazakhstan import Kazakhstan
    else:
        import holidays

        spec = importlib.util.find_spec(name)
        assert spec is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        try:
            from holidays.countries.kazakhstan import Kazakhstan
        finally:
            del sys.modules[name]
            vars(holidays).pop("countries", None)
    return Kazakhstan


def parse(raw: dict[str, Any], name: str) -> tuple[Override, ...]:
    try:
        table = OverrideFile.model_validate(raw)
    except ValidationError as error:
        [first, *_] = error.errors()
        where = ".".join(map(str, first["loc"]))
        raise HolidaysError(f"{name}: {where}: {first['msg']}") from None
    entries = [Override(e.day, False, e.reason) for e in table.days_off] + [
        Override(e.day, True, e.reason) for e in table.working_days
    ]
    days = [entry.day for entry in entries]
    for day in days:
        if days.count(day) > 1:
            raise HolidaysError(f"{name}: {day} is listed twice")
    return tuple(sorted(entries, key=lambda entry: entry.day))


def read_overrides(path: Path) -> tuple[Override, ...]:
    try:
        with path.open("rb") as file:
            raw = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise HolidaysError(f"{path.name}: {error}") from None
    return parse(raw, path.name)


@lru_cache
def shipped_overrides(path: Path = OVERRIDES_FILE) -> tuple[Override, ...]:
    return read_overrides(path)


@lru_cache
def kazakhstan(path: Path = OVERRIDES_FILE) -> Calendar:
    """The calendar deadlines use: the package with the shipped overrides (read once)."""
    return Calendar(library_calendar(), shipped_overrides(path))


def report_overrides(today: date, calendar: Calendar | None = None) -> list[Override]:
    """Log the overrides of this year and later: a warning for each that disagrees with the
    package (the entry wins), a note for each the package now agrees with. Returns the
    disagreements. Without such overrides the package is not loaded."""
    overrides = calendar.overrides.values() if calendar else shipped_overrides()
    current = [o for o in overrides if o.day.year >= today.year]
    if not current:
        return []
    calendar = calendar or kazakhstan()
    version = metadata.version("holidays")
    disagreeing = [o for o in calendar.disagreements() if o in current]
    for override in current:
        said = calendar.library_name(override.day) or "no holiday"
        kind = "a working day" if override.working else "a day off"
        if override in disagreeing:
            logger.warning(
                "%s: %s is %s here (%s), but not for holidays %s (%s): the override wins",
                OVERRIDES_FILE.name, override.day, kind, override.reason, version, said,
            )  # fmt: skip
        else:
            logger.info(
                "%s: %s is %s for holidays %s too: the entry can be removed",
                OVERRIDES_FILE.name, override.day, kind, version,
            )  # fmt: skip
    return disagreeing
