"""The city catalogs load, say what is wrong with a broken file, and stop start-up with one
line naming KENES_CITY when the city is unknown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.catalog import CITIES_DIR, CatalogError, known_cities, load_catalog
from bot.settings import SettingsError, load_settings

DEFAULT_CATEGORIES = [
    "public_transport", "roads", "utilities", "street_lighting", "waste", "snow", "greening",
    "yards", "safety", "ecology", "social", "other",
]  # fmt: skip
DEFAULT_SERVICES = [
    "public_transport", "roads", "utilities", "street_lighting", "waste_collection", "parks",
    "polyclinics", "schools", "service_centres", "akimat_reception",
]  # fmt: skip


def test_the_three_cities_are_shipped() -> None:
    assert known_cities() == ["almaty", "astana", "turkistan"]


@pytest.mark.parametrize(
    ("city", "districts"),
    [
        ("almaty", ["alatau", "almaly", "auezov", "bostandyk", "zhetysu", "medeu", "nauryzbay",
                    "turksib"]),
        ("astana", ["almaty", "baikonyr", "yesil", "saryarka", "nura", "saraishyk"]),
        ("turkistan", ["old_town", "new_centre", "north", "south", "east", "west", "suburbs"]),
    ],
)  # fmt: skip
def test_each_city_has_its_districts_and_the_default_lists(
    city: str, districts: list[str]
) -> None:
    catalog = load_catalog(city)

    assert [d.code for d in catalog.districts] == districts
    assert [c.code for c in catalog.categories] == DEFAULT_CATEGORIES
    assert [s.code for s in catalog.services] == DEFAULT_SERVICES
    roads, snow = catalog.category("roads"), catalog.category("snow")
    assert roads is not None and roads.deadline_days == 15
    assert snow is not None and snow.deadline_days == 5


def test_bounding_boxes_place_real_points() -> None:
    almaty, astana = load_catalog("almaty"), load_catalog("astana")
    assert almaty.bbox.contains(43.2380, 76.8890)  # Abay Avenue
    assert not almaty.bbox.contains(51.1280, 71.4300)  # Astana, Baiterek
    assert astana.bbox.contains(51.1280, 71.4300)


def test_an_unknown_city_stops_start_up_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KENES_CITY", "paris")

    with pytest.raises(SettingsError) as error:
        load_settings(env_file=None)

    assert (
        str(error.value) == "KENES_CITY: unknown city 'paris' (known: almaty, astana, turkistan)"
    )


@pytest.fixture
def cities(tmp_path: Path) -> Path:
    shutil.copy(CITIES_DIR / "_defaults.toml", tmp_path / "_defaults.toml")
    return tmp_path


CITY = """
name = {{ kk = "Қала", ru = "Город" }}
bbox = {{ south = 43.0, west = 76.0, north = 44.0, east = 77.0 }}
{districts}
"""


@pytest.mark.parametrize(
    ("districts", "message"),
    [
        (
            '[[districts]]\ncode = "a"\nname = { kk = "А", ru = "А" }\n'
            '[[districts]]\ncode = "a"\nname = { kk = "Б", ru = "Б" }',
            "town.toml districts: repeated code a",
        ),
        (
            '[[districts]]\ncode = "a"\nname = { kk = "А" }',
            "town.toml districts 'a': needs a name in kk and ru",
        ),
        (
            '[[districts]]\ncode = "a"\nname = { kk = "А", ru = "А" }\n'
            "bbox = { south = 43.5, west = 76.0, north = 43.1, east = 77.0 }",
            "town.toml districts 'a': bbox is not a valid area (south < north, west < east)",
        ),
        (
            '[[districts]]\ncode = "a"\nname = { kk = "А", ru = "А" }\n'
            "bbox = { south = 43.5, west = 76.0, north = 45.0, east = 77.0 }",
            "town.toml: district 'a' bbox is outside the city",
        ),
        ("", "town.toml districts: the list is missing or empty"),
    ],
)
def test_a_broken_file_says_what_is_wrong(cities: Path, districts: str, message: str) -> None:
    (cities / "town.toml").write_text(CITY.format(districts=districts), encoding="utf-8")

    with pytest.raises(CatalogError) as error:
        load_catalog("town", cities)

    assert str(error.value) == message
