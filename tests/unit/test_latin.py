"""Kazakh in the Latin alphabet: the letter table on real words, what is kept as it is, and the
generated catalog (committed as generated, every letter from the alphabet)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po

from bot.catalog import load_catalog
from bot.i18n import LOCALES_DIR, format_datetime, format_day, format_number
from bot.latin import LATIN, for_reader, to_latin, written_in
from bot.latin_catalog import VERBATIM, generate

# The 31 letters of the alphabet presented on 28 January 2021 (docs/kazakh-latin.md), and
# "c", which only "ch" for Ч in borrowed words uses.
ALPHABET = set("aäbdefgğhıijklmnñoöpqrsştuūüvyz") | {"c"}
LOWER = {"İ": "i", "I": "ı"}


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Қазақстан", "Qazaqstan"),
        ("әкімдік", "äkımdık"),
        ("өтініш", "ötınış"),
        ("қоғамдық тыңдау", "qoğamdyq tyñdau"),
        ("Түркістан", "Türkıstan"),
        ("ұсыныс", "ūsynys"),
        ("шағын аудан", "şağyn audan"),
        ("үй", "üi"),
        ("ию", "iiu"),
        ("сұрақ", "sūraq"),
        ("Ақмола", "Aqmola"),
        # the letters the alphabet has none of its own for
        ("геолокация", "geolokatsiia"),
        ("чат", "chat"),
        ("щётка", "şşiotka"),
        ("пульс", "puls"),
        ("съезд", "sezd"),
        ("экспорт", "eksport"),
        ("Юрий", "İurii"),
        # capitals: dotted and dotless I, two-letter spellings inside a word in capitals
        ("Ішкі істер", "Işkı ıster"),
        ("ИИН", "İİN"),
        ("ЮНИСЕФ", "İUNİSEF"),
        ("Шымкент", "Şymkent"),
    ],
)
def test_the_letter_table_on_real_words(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


def test_markup_placeholders_commands_and_links_are_kept() -> None:
    text = (
        '<b>Өтініш {number}</b> · <a href="https://kenes.kz/а">сілтеме</a> &lt;3 '
        "/delete_me @kenes_bot {count:,} күн"
    )
    assert to_latin(text) == (
        '<b>Ötınış {number}</b> · <a href="https://kenes.kz/а">sılteme</a> &lt;3 '
        "/delete_me @kenes_bot {count:,} kün"
    )


def test_text_without_cyrillic_is_returned_as_it_is() -> None:
    assert to_latin("Open311, SDG 16.7.2, UTC+5") == "Open311, SDG 16.7.2, UTC+5"


def test_a_latin_reader_reads_the_kazakh_text() -> None:
    assert written_in(LATIN) == "kk"
    assert written_in("ru") == "ru"
    assert for_reader("Жол жөндеу", LATIN) == "Jol jöndeu"
    assert for_reader("Жол жөндеу", "kk") == "Жол жөндеу"


def test_dates_and_numbers_in_kazakh_formats_transliterated() -> None:
    almaty = ZoneInfo("Asia/Almaty")
    moment = datetime(2026, 11, 27, 12, 8, tzinfo=UTC)
    assert format_datetime(moment, "kk", almaty) == "2026 жылғы 27 қараша, 17:08"
    assert format_datetime(moment, LATIN, almaty) == "2026 jylğy 27 qaraşa, 17:08"
    assert format_day(date(2027, 3, 22), LATIN) == "2027 jylğy 22 nauryz"
    assert format_number(12345.5, LATIN) == format_number(12345.5, "kk")


def test_city_names_are_transliterated_from_kazakh() -> None:
    catalog = load_catalog("turkistan")
    assert catalog.city.name(LATIN) == "Türkıstan"
    for entry in (*catalog.districts, *catalog.categories, *catalog.services):
        assert entry.name(LATIN) == to_latin(entry.name("kk"))
        assert not re.search(r"[\u0400-\u04FF]", entry.name(LATIN))


def test_the_committed_catalog_is_what_generation_gives() -> None:
    committed = (LOCALES_DIR / LATIN / "LC_MESSAGES" / "messages.po").read_text("utf-8")
    assert committed == generate(), "run `make locales` to regenerate the Latin catalog"


def _latin_messages() -> list[tuple[str, str]]:
    with (LOCALES_DIR / LATIN / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        catalog = read_po(po_file, locale="kk")
    with (LOCALES_DIR / "kk" / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        kazakh = {message.id: message.string for message in read_po(po_file, locale="kk")}
    pairs = []
    for message in catalog:
        if not message.id:
            continue
        latin, source = message.string, kazakh[message.id]
        forms = zip(latin, source, strict=True) if isinstance(latin, tuple) else [(latin, source)]
        pairs += [(str(l_form), str(k_form)) for l_form, k_form in forms]
    return pairs


def test_every_letter_of_the_latin_catalog_is_of_the_alphabet() -> None:
    """Cyrillic words become letters of the alphabet; Latin words of the Kazakh catalog
    (Telegram, Open311, SDG) stay as they are."""
    wrong = []
    for latin, kazakh in _latin_messages():
        for word in VERBATIM:
            latin, kazakh = latin.replace(word, ""), kazakh.replace(word, "")
        latin_text = re.sub(r"<[^>]*>|\{[^{}]*\}|&\w+;|https?://\S+|/\w+|@\w+", " ", latin)
        kazakh_text = re.sub(r"<[^>]*>|\{[^{}]*\}|&\w+;|https?://\S+|/\w+|@\w+", " ", kazakh)
        kept = set("".join(re.findall(r"\b[A-Za-z]+\b", kazakh_text)).lower())
        letters = {LOWER.get(char, char.lower()) for char in latin_text if char.isalpha()}
        if re.search(r"[\u0400-\u04FF]", latin_text) or letters - ALPHABET - kept:
            wrong.append(latin)
    assert wrong == []
