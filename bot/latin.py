"""Kazakh in the Latin alphabet: Cyrillic Kazakh text transliterated letter by letter.

The alphabet is the one the Government presented on 28 January 2021 (31 letters:
A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z); the rules for the Cyrillic
letters it has no letter of its own for, and the sources, are in ``docs/kazakh-latin.md``.

Only Cyrillic letters change. Markup, placeholders and anything that is not Kazakh text stays
as it is: HTML tags and entities (``<b>``, ``&lt;``), format fields (``{date}``, ``{count}``),
bot commands (``/start``), @usernames and links.
"""

from __future__ import annotations

import re

LATIN = "kk_Latn"  # the interface language: Kazakh in the Latin alphabet

# One Cyrillic letter -> its Latin spelling, in lower case.
LETTERS: dict[str, str] = {
    "а": "a",
    "ә": "ä",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "ğ",
    "д": "d",
    "е": "e",
    "ё": "io",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ñ",
    "о": "o",
    "ө": "ö",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "ū",
    "ү": "ü",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "ş",
    "щ": "şş",
    "ъ": "",
    "ы": "y",
    "і": "ı",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
# Capitals where Python's str.upper() would be wrong: dotless ı is I, dotted i is İ.
_CAPITALS = {"i": "İ", "ı": "I"}

# What is not text: HTML tags and entities, format fields, commands, mentions, links.
_KEEP = re.compile(
    r"<[^>]*>"  # <b>, </a>, <a href="...">
    r"|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);"  # &lt; &#8212;
    r"|\{[^{}]*\}"  # {date}, {count:,}
    r"|(?<![\w/])/[a-z][a-z0-9_]*"  # /start, /delete_me
    r"|@\w+"  # @kenes_bot
    r"|https?://\S+"  # links
)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def _upper(latin: str) -> str:
    return "".join(_CAPITALS.get(char, char.upper()) for char in latin)


def _letter(text: str, index: int) -> str:
    char = text[index]
    latin = LETTERS.get(char.lower())
    if latin is None:
        return char
    if char.islower() or not latin:
        return latin
    # A capital: a two-letter spelling is all capitals inside a word written in capitals
    # (ЮНИСЕФ -> İUNISEF), else only its first letter is (Юрий -> İurii).
    neighbours = text[index - 1 : index] + text[index + 1 : index + 2]
    if len(latin) > 1 and not any(n.isalpha() and n.isupper() for n in neighbours):
        return _upper(latin[0]) + latin[1:]
    return _upper(latin)


def _letters(text: str) -> str:
    return "".join(_letter(text, index) for index in range(len(text)))


def to_latin(text: str) -> str:
    """``Қазақстан`` -> ``Qazaqstan``; markup and placeholders are kept as they are."""
    if not _CYRILLIC.search(text):
        return text
    parts: list[str] = []
    position = 0
    for kept in _KEEP.finditer(text):
        parts.append(_letters(text[position : kept.start()]))
        parts.append(kept.group())
        position = kept.end()
    parts.append(_letters(text[position:]))
    return "".join(parts)


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def written_in(language: str) -> str:
    """The language a text for a reader of ``language`` is written in: staff write Kazakh
    and Russian; Latin-alphabet readers read the Kazakh text."""
    return "kk" if language == LATIN else language


def for_reader(text: str, language: str) -> str:
    """``text``, written in :func:`written_in` ``(language)``, as a reader of ``language``
    reads it."""
    return to_latin(text) if language == LATIN else text
