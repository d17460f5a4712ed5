"""Small real image files for tests."""

from __future__ import annotations

import struct
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.async_api import FloatRect


def png(width: int, height: int, rgb: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    """A PNG file of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def vivid_pixels(data: bytes, box: FloatRect, *, gap: int = 100) -> int:
    """How many pixels of the PNG ``data`` inside ``box`` (Playwright's bounding box: x, y,
    width, height, in the picture's pixels) are vivid: their channels differ by more than
    ``gap``. Text in black or grey on a white or grey background has none; a colour emoji
    has many; the empty box a browser draws for a missing glyph has none."""
    import png

    width, height, rows, _ = png.Reader(bytes=data).asRGBA8()
    left, top = max(0, int(box["x"])), max(0, int(box["y"]))
    right = min(width, int(box["x"] + box["width"]))
    bottom = min(height, int(box["y"] + box["height"]))
    count = 0
    for y, row in enumerate(rows):
        if top <= y < bottom:
            pixels = zip(*[iter(row[left * 4 : right * 4])] * 4, strict=True)
            count += sum(max(p[:3]) - min(p[:3]) > gap for p in pixels)
    return count
