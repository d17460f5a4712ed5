"""The city's catalog: districts (with bounding boxes), need categories and rated services.

One TOML file per city in ``cities/`` (``KENES_CITY`` picks it), read with the standard
library's ``tomllib``; categories and services default to ``cities/_defaults.toml``. The file
is validated once at start-up: unique codes, a kk and a ru name for everything, sane bounding
boxes. A broken file stops Kenes with one line that names ``KENES_CITY``. Handlers receive the
catalog as dispatcher workflow data (``catalog``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from bot.i18n import CONTENT_LANGUAGES
from bot.latin import for_reader, written_in

CITIES_DIR = Path(__file__).resolve().parent.parent / "cities"
DEFAULTS = "_defaults"


class CatalogError(ValueError):
    """The city's catalog file is missing or wrong; the message says what and where."""


@dataclass(frozen=True)
class BBox:
    south: float
    west: float
    north: float
    east: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east

    def within(self, other: BBox) -> bool:
        return (
            other.south <= self.south
            and other.west <= self.west
            and self.north <= other.north
            and self.east <= other.east
        )


@dataclass(frozen=True)
class Entry:
    """Anything with a stable code and a name per language."""

    code: str
    names: Mapping[str, str]
    bbox: BBox | None = None
    deadline_days: int = 15

    def name(self, language: str) -> str:
        return for_reader(self.names[written_in(language)], language)


@dataclass(frozen=True)
class Catalog:
    city: Entry
    districts: tuple[Entry, ...]
    categories: tuple[Entry, ...]
    services: tuple[Entry, ...]

    @property
    def bbox(self) -> BBox:
        assert self.city.bbox is not None  # checked by the loader
        return self.city.bbox

    @cached_property
    def _index(self) -> dict[str, dict[str, Entry]]:
        return {
            kind: {entry.code: entry for entry in getattr(self, kind)}
            for kind in ("districts", "categories", "services")
        }

    def district(self, code: str | None) -> Entry | None:
        return self._index["districts"].get(code or "")

    def category(self, code: str | None) -> Entry | None:
        return self._index["categories"].get(code or "")

    def deadline_days(self, category: str | None) -> int:
        """Working days the akimat has to answer a need of ``category`` (the city's default
        for a category the catalog no longer has)."""
        return (self.category(category) or self.city).deadline_days

    def service(self, code: str | None) -> Entry | None:
        return self._index["services"].get(code or "")


def known_cities(directory: Path = CITIES_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.toml") if not p.stem.startswith("_"))


def _bbox(raw: Any, where: str) -> BBox:
    try:
        box = BBox(*(float(raw[side]) for side in ("south", "west", "north", "east")))
    except (TypeError, KeyError, ValueError):
        raise CatalogError(f"{where}: bbox needs numbers south, west, north, east") from None
    if not (-90 <= box.south < box.north <= 90 and -180 <= box.west < box.east <= 180):
        raise CatalogError(f"{where}: bbox is not a valid area (south < north, west < east)")
    return box


def _entry(raw: Any, where: str, *, default_deadline: int) -> Entry:
    if not isinstance(raw, dict) or not isinstance(raw.get("code"), str) or not raw["code"]:
        raise CatalogError(f"{where}: every entry needs a code")
    where = f"{where} {raw['code']!r}"
    names = raw.get("name")
    if not isinstance(names, dict) or any(
        not isinstance(names.get(lang), str) or not names[lang].strip()
        for lang in CONTENT_LANGUAGES
    ):
        raise CatalogError(f"{where}: needs a name in " + " and ".join(CONTENT_LANGUAGES))
    deadline = raw.get("deadline_days", default_deadline)
    if not isinstance(deadline, int) or not 1 <= deadline <= 60:
        raise CatalogError(f"{where}: deadline_days must be a whole number from 1 to 60")
    bbox = _bbox(raw["bbox"], where) if "bbox" in raw else None
    return Entry(raw["code"], {lang: names[lang] for lang in CONTENT_LANGUAGES}, bbox, deadline)


def _entries(raw: Any, where: str, *, default_deadline: int) -> tuple[Entry, ...]:
    if not isinstance(raw, list) or not raw:
        raise CatalogError(f"{where}: the list is missing or empty")
    entries = tuple(_entry(item, where, default_deadline=default_deadline) for item in raw)
    codes = [entry.code for entry in entries]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise CatalogError(f"{where}: repeated code " + ", ".join(repeated))
    return entries


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{path.name}: {error}") from None


@lru_cache
def load_catalog(city: str, directory: Path = CITIES_DIR) -> Catalog:
    """Read and check ``cities/<city>.toml``; raise :class:`CatalogError` if anything is off."""
    path = directory / f"{city}.toml"
    if city.startswith("_") or not path.is_file():
        known = ", ".join(known_cities(directory)) or "none"
        raise CatalogError(f"unknown city {city!r} (known: {known})")
    raw = _read(path)
    defaults = _read(directory / f"{DEFAULTS}.toml")
    deadline = raw.get("deadline_days", defaults.get("deadline_days", 15))
    where = path.name
    if raw.get("code", city) != city:
        raise CatalogError(f"{where}: code {raw['code']!r} differs from the file name")
    city_entry = _entry(raw | {"code": city}, where, default_deadline=deadline)
    if city_entry.bbox is None:
        raise CatalogError(f"{where}: the city needs a bbox")
    districts = _entries(raw.get("districts"), f"{where} districts", default_deadline=deadline)
    for district in districts:
        if district.bbox is not None and not district.bbox.within(city_entry.bbox):
            raise CatalogError(f"{where}: district {district.code!r} bbox is outside the city")
    return Catalog(
        city=city_entry,
        districts=districts,
        categories=_entries(
            raw.get("categories", defaults.get("categories")),
            f"{where} categories",
            default_deadline=deadline,
        ),
        services=_entries(
            raw.get("services", defaults.get("services")),
            f"{where} services",
            default_deadline=deadline,
        ),
    )
