"""Moderators take the QR code of a hearing's deep link, for posters: a PNG whose modules,
read back pixel by pixel with pypng (pure Python), are the QR code of that link."""

from __future__ import annotations

from typing import Any

import png
import pytest
import segno

from tests.e2e.conftest import World
from tests.e2e.hearings_kit import ADMIN, LANGUAGES, TITLES, moment, seed_hearing, staff_card
from tests.e2e.hearings_texts import STAFF


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"admin_ids": [ADMIN], "flood_burst": 1000}


def modules(png_bytes: bytes, scale: int = 10) -> list[list[bool]]:
    """The dark modules of a QR code PNG, read pixel by pixel with pypng (pure Python)."""
    width, height, rows, info = png.Reader(bytes=png_bytes).asDirect()
    pixels = [list(row) for row in rows]
    planes, middle = info["planes"], (2 ** info["bitdepth"] - 1) / 2
    return [
        [pixels[y][x * planes] < middle for x in range(scale // 2, width, scale)]
        for y in range(scale // 2, height, scale)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_qr_code_png_encodes_the_deep_link(world: World, language: str) -> None:
    s = STAFF[language]
    await world.resident(ADMIN, language)
    hearing = await seed_hearing(world, starts=moment(8))
    admin = await staff_card(world, language)

    [document] = await admin.press(s["qr"])
    link = f"https://t.me/kenes_bot?start=h_{hearing.id}"
    assert document.content == s["qr_caption"].format(title=TITLES[language], link=link)
    data = world.emulator.files[document.extra["document"]["file_id"]].data
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    expected = segno.make(link, error="m", micro=False)
    quiet = [[False] * (len(expected.matrix) + 8)] * 4
    matrix = [[False] * 4 + [bool(v) for v in row] + [False] * 4 for row in expected.matrix]
    assert modules(data) == quiet + matrix + quiet
