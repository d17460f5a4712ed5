"""The QR code of a hearing's deep link, for posters: a PNG made by ``segno`` (pure Python,
writes PNG itself with zlib: no Pillow, no native code)."""

from __future__ import annotations

import io

SCALE = 10  # pixels per module: about 330 px wide for a short link, sharp when printed
BORDER = 4  # the quiet zone the standard asks for


def qr_png(link: str) -> bytes:
    import segno  # imported when a poster is asked for: not in an idle bot

    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="png", scale=SCALE, border=BORDER)
    return buffer.getvalue()
