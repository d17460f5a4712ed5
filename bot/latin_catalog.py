"""The Latin-alphabet Kazakh catalog, generated from the Kazakh one: never edit it by hand.

``make locales`` runs ``python -m bot.latin_catalog`` after it updates the Kazakh catalog;
``tests/unit/test_latin.py`` fails when the committed file differs from what this makes.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.latin import LATIN, to_latin

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
# Words kept in Cyrillic: the language button says "Language" in Russian too, so that a
# Russian speaker who chose the Latin alphabet by mistake finds the way back.
VERBATIM = ("Язык",)
NOTE = (
    "Generated from locales/kk/LC_MESSAGES/messages.po by bot/latin_catalog.py "
    "(make locales): do not edit."
)


def _catalog_path(language: str, root: Path) -> Path:
    return root / language / "LC_MESSAGES" / "messages.po"


def _latin(text: str) -> str:
    """``text`` in the Latin alphabet, but for the :data:`VERBATIM` words."""
    parts = [text]
    for word in VERBATIM:
        parts = [piece for part in parts for piece in _split_keeping(part, word)]
    return "".join(part if part in VERBATIM else to_latin(part) for part in parts)


def _split_keeping(text: str, word: str) -> list[str]:
    pieces = text.split(word)
    out = [pieces[0]]
    for piece in pieces[1:]:
        out += [word, piece]
    return out


def _transliterate(catalog: Catalog) -> None:
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, tuple | list):
            message.string = tuple(_latin(form) for form in message.string)
        elif message.string:
            message.string = _latin(message.string)


def generate(root: Path = LOCALES_DIR) -> str:
    """The text of the Latin-alphabet catalog made from the Kazakh catalog under ``root``."""
    with _catalog_path("kk", root).open("rb") as source:
        catalog = read_po(source, locale="kk")
    _transliterate(catalog)
    catalog.header_comment = "\n".join(f"# {line}" for line in NOTE.split("\n"))
    output = io.BytesIO()
    write_po(output, catalog, width=0, omit_header=False, ignore_obsolete=True)
    text = output.getvalue().decode("utf-8")
    return text.replace('"Language: kk\\n"', f'"Language: {LATIN}\\n"', 1)


def write(root: Path = LOCALES_DIR) -> Path:
    target = _catalog_path(LATIN, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(generate(root), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(f"written {write()}")
