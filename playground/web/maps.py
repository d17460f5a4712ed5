"""Simple offline maps for the playground's location picker: the city's bounding box and its
districts as rectangles (approximate, for clicking a point; not for geography).

When the city catalogs (``cities/<code>.toml``) carry district areas, read them from there
instead of keeping these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Area:
    code: str
    kk: str
    ru: str
    south: float
    west: float
    north: float
    east: float


@dataclass(frozen=True)
class CityMap:
    kk: str
    ru: str
    bounds: Area
    districts: tuple[Area, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


MAPS = {
    "almaty": CityMap(
        "Алматы",
        "Алматы",
        Area("city", "Алматы", "Алматы", 43.15, 76.75, 43.40, 77.10),
        (
            Area("alatau", "Алатау ауданы", "Алатауский район", 43.28, 76.75, 43.40, 76.90),
            Area("zhetysu", "Жетісу ауданы", "Жетысуский район", 43.28, 76.90, 43.40, 76.97),
            Area("turksib", "Түрксіб ауданы", "Турксибский район", 43.28, 76.97, 43.40, 77.10),
            Area("auezov", "Әуезов ауданы", "Ауэзовский район", 43.20, 76.80, 43.28, 76.88),
            Area("almaly", "Алмалы ауданы", "Алмалинский район", 43.23, 76.88, 43.28, 76.96),
            Area("medeu", "Медеу ауданы", "Медеуский район", 43.15, 76.96, 43.28, 77.10),
            Area(
                "bostandyk", "Бостандық ауданы", "Бостандыкский район", 43.15, 76.88, 43.23, 76.96
            ),
            Area(
                "nauryzbay", "Наурызбай ауданы", "Наурызбайский район", 43.15, 76.75, 43.20, 76.88
            ),
        ),
    ),
    "astana": CityMap(
        "Астана",
        "Астана",
        Area("city", "Астана", "Астана", 51.02, 71.25, 51.25, 71.65),
        (
            Area("saryarka", "«Сарыарқа» ауданы", "район «Сарыарка»", 51.14, 71.25, 51.25, 71.40),
            Area("baikonyr", "«Байқоңыр» ауданы", "район «Байконыр»", 51.14, 71.40, 51.25, 71.47),
            Area("almaty", "«Алматы» ауданы", "район «Алматы»", 51.14, 71.47, 51.25, 71.65),
            Area("yesil", "«Есіл» ауданы", "район «Есиль»", 51.02, 71.25, 51.14, 71.45),
            Area("nura", "«Нұра» ауданы", "район «Нура»", 51.02, 71.45, 51.14, 71.65),
        ),
    ),
    "turkistan": CityMap(
        "Түркістан",
        "Туркестан",
        Area("city", "Түркістан", "Туркестан", 43.26, 68.20, 43.33, 68.30),
    ),
}


def city_map(city: str) -> CityMap | None:
    return MAPS.get(city)
