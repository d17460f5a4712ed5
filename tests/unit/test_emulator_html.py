"""The emulator refuses what Telegram refuses in HTML parse mode, and measures like it."""

from __future__ import annotations

import pytest

from playground.emulator.html import EntityParseError, parse_html, utf16_len


def test_supported_tags_become_entities() -> None:
    text, entities = parse_html(
        'Өтініш <b>N-2026-000123</b> &amp; <a href="https://e.gov.kz">eGov</a> 😀<i>ok</i>'
    )

    assert text == "Өтініш N-2026-000123 & eGov 😀ok"
    assert entities == [
        {"type": "bold", "offset": 7, "length": 13},
        {"type": "text_link", "offset": 23, "length": 4, "url": "https://e.gov.kz"},
        {"type": "italic", "offset": 30, "length": 2},  # the emoji counts 2 in UTF-16
    ]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("a < b", "Unclosed start tag"),
        ("AT&T", "Character entity expected"),
        ("x > y", 'Unexpected character ">"'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<script>x</script>", 'Unsupported start tag "script"'),
        ("</a>", "Unexpected end tag"),
        ("<b><i>x</b></i>", 'Can\'t find end tag corresponding to start tag "i"'),
        ("<code><b>x</b></code>", 'Can\'t use tag "b" inside "code"'),
        ("<a>no href</a>", "Can't find href attribute"),
    ],
)
def test_invalid_html_is_refused_like_telegram(source: str, reason: str) -> None:
    with pytest.raises(EntityParseError) as error:
        parse_html(source)

    assert str(error.value).startswith("Bad Request: can't parse entities: " + reason)


def test_escaped_user_text_round_trips() -> None:
    from aiogram import html

    typed = '<b>bold</b> & </a> "quoted"'

    assert parse_html(html.quote(typed)) == (typed, [])


def test_length_is_counted_in_utf16_code_units() -> None:
    assert utf16_len("қала") == 4
    assert utf16_len("🏛") == 2
