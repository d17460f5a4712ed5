"""Open data back to residents: what was reported and how services were rated lately.

Every figure follows the small-cell rule of :mod:`services.disclosure`: a figure that stands
for fewer than ``KENES_EXPORT_MIN_CELL`` residents is hidden (with no mean score), and so is
one more wherever a total, less the shown figures, would give it back. The rule is applied
to the whole city at once (every district, category, status and service), so no two views
of /stats can be subtracted from each other either."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.need import Need
from models.repositories import needs, stats
from models.repositories.stats import Cell
from services import disclosure
from services.disclosure import Figure, Group

PERIOD = timedelta(days=30)
TOTAL, CATEGORY, STATUS = "total", "category", "status"
Key = tuple[str, str | None, str | None]  # (what, district or None: the city, code or None)


@dataclass(frozen=True)
class Line:
    code: str
    count: int | None  # None: hidden
    small: bool = False  # hidden as a figure of fewer than min_cell residents
    mean: float | None = None  # ratings: the mean score, when shown


@dataclass(frozen=True)
class Figures:
    district: str | None  # None: the whole city
    total: Line
    by_category: list[Line] = field(default_factory=list)
    by_status: list[Line] = field(default_factory=list)
    ratings: list[Line] = field(default_factory=list)

    @property
    def hides(self) -> bool:
        lines = [self.total, *self.by_category, *self.by_status, *self.ratings]
        return any(line.count is None for line in lines)


@dataclass(frozen=True)
class Stats:
    city: Figures
    districts: Mapping[str, Figures]

    def of(self, district: str) -> Figures:
        return self.districts.get(district) or Figures(district, Line("", 0))


async def figures(session: AsyncSession, *, min_cell: int) -> Stats:
    since = utcnow() - PERIOD
    async with session.begin():
        categories = await stats.need_cells(session, Need.category, since=since)
        statuses = await stats.need_cells(session, Need.status, since=since)
        ratings = await stats.rating_cells(session, since=since)
    return shown(categories, statuses, ratings, min_cell)


def _lines(
    cells: Iterable[tuple[str, Figure, bool]], min_cell: int, means: Mapping[str, float]
) -> list[Line]:
    """Shown lines, largest first, then the hidden ones by code (their place in the order
    would tell their size)."""
    lines = [
        Line(code, None, disclosure.small(figure, min_cell))
        if hidden
        else Line(code, figure.value, mean=means.get(code))
        for code, figure, hidden in cells
    ]
    return sorted(lines, key=lambda line: (line.count is None, -(line.count or 0), line.code))


def shown(
    categories: Mapping[stats.Key, Cell],
    statuses: Mapping[stats.Key, Cell],
    ratings: Mapping[stats.Key, Cell],
    min_cell: int,
) -> Stats:
    """The figures as residents may see them."""
    cells: dict[Key, Figure] = {}
    for what, found in ((CATEGORY, categories), (STATUS, statuses)):
        for (district, code), cell in found.items():
            cells[TOTAL if code is None else what, district, code] = Figure(
                cell.count, cell.residents
            )
    districts = sorted({district for _, district, _ in cells if district is not None})
    codes = {
        what: sorted({code for kind, _, code in cells if kind == what and code})
        for what in (CATEGORY, STATUS)
    }
    groups: list[Group[Key]] = [Group([(TOTAL, d, None) for d in districts], (TOTAL, None, None))]
    for what in (CATEGORY, STATUS):
        for place in (None, *districts):
            members: list[Key] = [(what, place, code) for code in codes[what]]
            groups.append(Group(members, (TOTAL, place, None)))
        for code in codes[what]:
            groups.append(Group([(what, d, code) for d in districts], (what, None, code)))
    hidden = disclosure.hide(cells, groups, min_cell)

    rated = {key: Figure(cell.count, cell.residents) for key, cell in ratings.items()}
    services = sorted({service for _, service in rated if service})
    rated_districts = sorted({district for district, _ in rated if district})
    rating_groups: list[Group[stats.Key]] = [
        Group([(d, s) for d in rated_districts], (None, s)) for s in services
    ]
    hidden_ratings = disclosure.hide(rated, rating_groups, min_cell)

    def area(district: str | None) -> Figures:
        def of(what: str) -> list[Line]:
            found = [
                (code, cells[key], key in hidden)
                for code in codes[what]
                if (key := (what, district, code)) in cells
            ]
            return _lines(found, min_cell, {})

        total_key: Key = (TOTAL, district, None)
        total = Line("", 0)
        if total_key in cells:
            [total] = _lines([("", cells[total_key], total_key in hidden)], min_cell, {})
        rated_here = [service for service in services if (district, service) in rated]
        means = {
            service: ratings[district, service].score_sum / ratings[district, service].count
            for service in rated_here
        }
        found = [(s, rated[district, s], (district, s) in hidden_ratings) for s in rated_here]
        return Figures(
            district,
            total,
            of(CATEGORY),
            of(STATUS),
            _lines(found, min_cell, means),
        )

    everywhere = sorted(set(districts) | set(rated_districts))
    return Stats(area(None), {d: area(d) for d in everywhere})


async def home_district(session: AsyncSession, resident_id: int) -> str | None:
    """The district of the resident's latest need."""
    async with session.begin():
        return await needs.latest_district(session, resident_id)
