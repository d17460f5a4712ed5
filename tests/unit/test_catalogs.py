"""Every msgid is translated in Kazakh and Russian, correctly enough for Telegram to accept."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.i18n import LANGUAGES, LOCALES_DIR
from bot.latin import written_in
from playground.emulator.html import parse_html

PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")
TAG = re.compile(r"</?([a-zA-Z-]+)")
EXPECTED_PLURALS = {"kk": 2, "ru": 3, "kk_Latn": 2}
LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def _catalog(language: str) -> Catalog:
    with (LOCALES_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale=written_in(language))


def _forms(message: Message) -> list[str]:
    """The translation's forms (one, or one per plural form)."""
    value = message.string
    return [value] if isinstance(value, str) else list(value or [])


def _pairs(message: Message) -> list[tuple[str, str]]:
    """(source, translation) for each form of the message."""
    forms = _forms(message)
    if isinstance(message.id, tuple):
        sources = [message.id[0], *[message.id[1]] * (len(forms) - 1)]
        return list(zip(sources, forms, strict=True))
    return [(str(message.id), forms[0] if forms else "")]


def _messages(language: str) -> list[Message]:
    return [message for message in _catalog(language) if message.id]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_every_msgid_of_the_template(language: str) -> None:
    with (LOCALES_DIR / "messages.pot").open("rb") as pot_file:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot_file) if m.id}
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in _messages(language)}
    assert template - translated == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_empty_or_fuzzy(language: str) -> None:
    bad = [
        message.id
        for message in _messages(language)
        if message.fuzzy or not all(translation for _, translation in _pairs(message))
    ]
    assert bad == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_match_the_language(language: str) -> None:
    catalog = _catalog(language)
    assert catalog.num_plurals == EXPECTED_PLURALS[language]
    wrong = [
        message.id
        for message in catalog
        if message.id
        and isinstance(message.id, tuple)
        and len(_forms(message)) != EXPECTED_PLURALS[language]
    ]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_the_same_as_in_the_msgid(language: str) -> None:
    wrong = [
        (source, translation)
        for message in _messages(language)
        for source, translation in _pairs(message)
        if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(translation))
    ]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_are_valid_telegram_html_with_the_same_tags(language: str) -> None:
    wrong = []
    for message in _messages(language):
        for source, translation in _pairs(message):
            filled = PLACEHOLDER.sub("x", translation)
            try:
                parse_html(filled)
            except ValueError as error:
                wrong.append((translation, str(error)))
            if sorted(TAG.findall(source)) != sorted(TAG.findall(translation)):
                wrong.append((translation, "tags differ from the msgid"))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_word_mixes_latin_and_cyrillic_letters(language: str) -> None:
    """Catches a Latin "i" or "a" typed inside a Kazakh or Russian word."""
    mixed = []
    for message in _messages(language):
        for _, translation in _pairs(message):
            for word in re.findall(r"\w+", PLACEHOLDER.sub(" ", translation)):
                if LATIN.search(word) and CYRILLIC.search(word):
                    mixed.append(word)
    assert mixed == []


def test_kazakh_is_not_russian() -> None:
    """Kazakh translations that are identical to the Russian ones were not translated."""
    russian = {message.id: message.string for message in _messages("ru")}
    same = [
        message.id
        for message in _messages("kk")
        if message.string == russian.get(message.id)
        and CYRILLIC.search(str(message.string))
        and "/" not in str(message.string)
    ]
    assert same == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_check_passes(language: str, tmp_path: Path) -> None:
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt (GNU gettext) is not installed on CI")
        pytest.skip("msgfmt (GNU gettext) is not installed: apt-get install gettext")
    po_path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "messages.mo"), str(po_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
