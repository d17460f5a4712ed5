"""Languages, gettext catalogs and locale-aware formatting.

The languages Kenes speaks are listed here and nowhere else. Catalogs live in
``locales/{kk,ru,kk_Latn}/LC_MESSAGES/messages.po``; the compiled ``.mo`` files are built by
``make locales`` and, when missing or older than their ``.po``, at start-up. The Latin-alphabet
Kazakh catalog is generated from the Kazakh one (``bot/latin_catalog.py``), never edited.

Two lists: :data:`LANGUAGES`, the interface languages a person may choose, and
:data:`CONTENT_LANGUAGES`, the languages staff write texts in and a city names things in
(a Latin-alphabet reader reads the Kazakh text, transliterated: ``bot/latin.py``).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import I18n
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from bot.latin import LATIN, for_reader, written_in

CONTENT_LANGUAGES: tuple[str, ...] = ("kk", "ru")
LANGUAGES: tuple[str, ...] = (*CONTENT_LANGUAGES, LATIN)
LANGUAGE_NAMES: dict[str, str] = {"kk": "Қазақша", "ru": "Русский", LATIN: "Qazaqşa (latyn)"}
# Telegram's language_code values (ISO 639-1) for command menus: no script variants.
TELEGRAM_LANGUAGES = CONTENT_LANGUAGES
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


def compile_catalogs(path: Path = LOCALES_DIR) -> list[Path]:
    """Compile every ``.po`` whose ``.mo`` is missing or stale; return what was written."""
    written = []
    for language in LANGUAGES:
        po_path = path / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=written_in(language))
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


def create_i18n(default_language: str, path: Path = LOCALES_DIR) -> I18n:
    compile_catalogs(path)
    return I18n(path=path, default_locale=default_language, domain=DOMAIN)


def pick_language(candidate: str | None) -> str | None:
    """Map Telegram's ``language_code`` (``ru``, ``ru-RU``, ``kk``) to one we speak."""
    if not candidate:
        return None
    base = candidate.replace("_", "-").split("-", 1)[0].lower()
    return base if base in TELEGRAM_LANGUAGES else None


# Kazakh puts the year first ("2026 жылғы 27 қараша"), Russian last ("27 ноября 2026 г.").
_DAY_PATTERNS = {"kk": "y 'жылғы' d MMMM", "ru": "d MMMM y 'г.'"}


def format_datetime(moment: datetime, locale: str, tz: ZoneInfo) -> str:
    """``2026 жылғы 27 қараша, 17:08`` / ``27 ноября 2026 г., 17:08`` in the city's zone
    (``2026 jylğy 27 qaraşa, 17:08`` in the Latin alphabet)."""
    base = written_in(locale)
    pattern = _DAY_PATTERNS.get(base, "d MMMM y") + ", HH:mm"
    text = babel_format_datetime(moment.astimezone(tz), pattern, tzinfo=tz, locale=base)
    return for_reader(text, locale)


def format_day(day: date, locale: str) -> str:
    base = written_in(locale)
    text = babel_format_date(day, _DAY_PATTERNS.get(base, "d MMMM y"), locale=base)
    return for_reader(text, locale)


def format_number(value: float, locale: str) -> str:
    """Kazakh and Russian group thousands with a (no-break) space: ``12 345``."""
    if type(value) is int and -1000 < value < 1000:
        return str(value)  # nothing to group: as Babel writes it, without its ~50 µs
    return format_decimal(value, format="#,##0.##", locale=written_in(locale))
