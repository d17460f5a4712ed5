"""Language rules for the catalogs, read from ``docs/glossary.md`` where they are words.

Each check takes plain strings and returns what is wrong (empty when nothing is), so the tests
can run it over the catalogs and over the bad examples of issue 17 alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parent.parent / "docs" / "glossary.md"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"<[^>]*>")
LETTERS = "A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
CYRILLIC_WORD = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")
CHECKED_NUMBERS = (1, 2, 5, 11, 21)


@dataclass(frozen=True)
class Rule:
    """One "not to use" cell of the glossary: words forbidden in one language."""

    english: str
    language: str
    words: tuple[str, ...]
    scope: re.Pattern[str] | None

    def applies_to(self, msgid: str | None) -> bool:
        """``msgid`` None: a city catalog name, bound only by the rules for all messages."""
        if self.scope is None:
            return True
        return msgid is not None and self.scope.search(msgid) is not None

    def found(self, text: str) -> list[str]:
        return [word for word in self.words if _word_pattern(word).search(text)]


def _word_pattern(word: str) -> re.Pattern[str]:
    stem = word.endswith("*")
    body = re.escape(word.rstrip("*"))
    end = "" if stem or not word[-1].isalpha() else rf"(?![{LETTERS}])"
    return re.compile(rf"(?<![{LETTERS}]){body}{end}", re.IGNORECASE)


def _cells(row: str) -> list[str]:
    parts = re.split(r"(?<!\\)\|", row.strip().strip("|"))
    return [part.strip().replace("\\|", "|") for part in parts]


def glossary_rules(text: str | None = None) -> list[Rule]:
    """The rules of the glossary's table (columns: English, Kazakh, Kazakh: not to use,
    Russian, Russian: not to use, Applies to)."""
    text = GLOSSARY.read_text(encoding="utf-8") if text is None else text
    rules = []
    for line in text.splitlines():
        cells = _cells(line) if line.startswith("|") else []
        if len(cells) != 6 or cells[0] in {"English", "---"}:
            continue
        english, _, kk_bad, _, ru_bad, applies = cells
        scope = re.findall(r"`([^`]+)`", applies)
        pattern = re.compile(scope[0]) if scope else None
        for language, cell in (("kk", kk_bad), ("ru", ru_bad)):
            words = tuple(re.findall(r"`([^`]+)`", cell))
            if words:
                rules.append(Rule(english, language, words, pattern))
    return rules


def glossary_problems(
    rules: Sequence[Rule], language: str, msgid: str | None, text: str
) -> list[str]:
    return [
        f"{word!r} ({rule.english})"
        for rule in rules
        if rule.language == language and rule.applies_to(msgid)
        for word in rule.found(text)
    ]


# Kazakh: what may not follow a placeholder. Endings by case (dative, genitive, accusative,
# locative, ablative, instrumental, -дағы, -ғы, ordinal, possessive, plural, -ша).
KK_SUFFIXES = frozenset([
    "ға", "ге", "қа", "ке", "а", "е", "на", "не",
    "ның", "нің", "дың", "дің", "тың", "тің",
    "ны", "ні", "ды", "ді", "ты", "ті", "н",
    "да", "де", "та", "те", "нда", "нде",
    "дан", "ден", "тан", "тен", "нан", "нен",
    "мен", "бен", "пен",
    "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
    "ғы", "гі", "қы", "кі",
    "шы", "ші", "ншы", "нші", "ыншы", "інші",
    "ы", "і", "сы", "сі",
    "лар", "лер", "дар", "дер", "тар", "тер",
    "ша", "ше",
])  # fmt: skip
# Postpositions that want a case ending on the word before them, and nouns in such a case.
KK_POSTPOSITIONS = frozenset([
    "дейін", "дейінгі", "шейін", "қарай", "таман",
    "бастап", "кейін", "кейінгі", "бері", "соң", "бұрын", "бұрынғы", "ішінен",
    "күнге", "күннен", "күні",
])  # fmt: skip
DATE_PLACEHOLDER = re.compile(r"\{(date|deadline|day|first|last|when|opens|closes)\b[^{}]*\}")
_AFTER_PLACEHOLDER = re.compile(r"(\{[^{}]*\})(-|’|')?([А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]+)")
_WORD_AFTER_PLACEHOLDER = re.compile(r"(\{[^{}]*\})\s+([А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]+)")


def kazakh_placeholder_problems(text: str) -> list[str]:
    """Case endings glued to a placeholder, postpositions after one, words after a date."""
    problems = [
        f"{m.group(0)!r}: a case ending on a placeholder"
        for m in _AFTER_PLACEHOLDER.finditer(text)
        if m.group(3).lower() in KK_SUFFIXES or not m.group(2)
    ]
    for m in _WORD_AFTER_PLACEHOLDER.finditer(text):
        if m.group(2).lower() in KK_POSTPOSITIONS:
            problems.append(f"{m.group(0)!r}: a postposition after a placeholder")
        elif DATE_PLACEHOLDER.fullmatch(m.group(1)):
            problems.append(f"{m.group(0)!r}: a word after a date (use «…: {{date}}»)")
    return problems


# Plural pronouns that agree with the count.
RU_SINGULAR = frozenset([
    "он", "она", "оно", "его", "него", "её", "ее", "неё", "нее", "ему", "нему", "ей", "ней",
    "нём", "нем",
])  # fmt: skip
RU_PLURAL = frozenset(["они", "их", "них", "ими", "ними"])
KK_SINGULAR = frozenset(["ол", "оны", "оған", "онымен", "онда", "одан"])
KK_PLURAL = frozenset(["олар", "оларды", "оларға", "олардың", "олармен", "оларда", "олардан"])
PRONOUNS = {"ru": (RU_SINGULAR, RU_PLURAL), "kk": (KK_SINGULAR, KK_PLURAL)}
EN_SINGULAR = re.compile(r"\b(it|its|he|she|him|her)\b", re.IGNORECASE)
EN_PLURAL = re.compile(r"\b(they|them|their)\b", re.IGNORECASE)


def _words(text: str) -> set[str]:
    return {word.lower() for word in CYRILLIC_WORD.findall(PLACEHOLDER.sub(" ", text))}


def plural_pronoun_problems(
    language: str,
    english: tuple[str, str],
    forms: Sequence[str],
    plural: Callable[[int], int],
) -> list[str]:
    """A pronoun agrees with the count when it differs between the forms, or when the English
    says "it" in the singular and "them" in the plural. A form must then read right for every
    number in ``CHECKED_NUMBERS`` it serves: 1 wants the singular, the others the plural."""
    singular, plural_words = PRONOUNS[language]
    words = [_words(form) for form in forms]
    varying = set[str]().union(*words) - words[0].intersection(*words[1:])
    english_tracks = bool(
        EN_SINGULAR.search(english[0]) and not EN_SINGULAR.search(english[1])
        and EN_PLURAL.search(english[1]) and not EN_PLURAL.search(english[0])
    )  # fmt: skip
    problems = []
    for n in CHECKED_NUMBERS:
        index = plural(n)
        if index >= len(forms):
            continue
        wrong = plural_words if n == 1 else singular
        tracked = wrong if english_tracks else wrong & varying
        for word in sorted(words[index] & tracked):
            problems.append(f"n={n} reads form {index}, whose {word!r} does not agree with {n}")
    return problems


# The bot's name.
RU_BOT_BEFORE = re.compile(r"(?<![\w])бот(а|у|ом|е)?\s+$", re.IGNORECASE)
RU_CLAUSE_START = re.compile(r"(^|[.!?:;]\s*|\bЭто\s+)$")
RU_VERB_AFTER = re.compile(
    r"^\s+(не\s+)?(\w+(ет|ёт|ит|ат|ят|ут|ют|ал|ял|ил|ел|ла|ло|ли|ся)|должен|может)\b"
)
KK_NAME_INFLECTED = re.compile(r"«Кеңес[^»]|«Кеңес»-?[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]")
RU_LOWER_YOU = re.compile(r"(?<![\w-])(вы|вас|вам|вами|ваш\w*)(?!\w)")


def bot_name_problems(language: str, text: str) -> list[str]:
    """kk: «Кеңес» takes no ending (say «Кеңес» ботына); ru: «Кеңес» is the subject, or
    follows a form of бот («ботом «Кеңес»»)."""
    plain = TAG.sub("", text)
    if language == "kk":
        return [
            f"{m.group(0)!r}: decline боты, not the name"
            for m in KK_NAME_INFLECTED.finditer(plain)
        ]
    problems = []
    for m in re.finditer("«Кеңес»", plain):
        before, after = plain[: m.start()], plain[m.end() :]
        subject = RU_VERB_AFTER.match(after) or (
            RU_CLAUSE_START.search(before) and after.lstrip().startswith("—")
        )
        if not RU_BOT_BEFORE.search(before) and not subject:
            context = plain[max(0, m.start() - 20) : m.end() + 15]
            problems.append(f"{context!r}: say «бот «Кеңес»» in the case the sentence needs")
    return problems


def polite_you_problems(text: str) -> list[str]:
    """Russian addresses the resident with a capital «Вы» in every form."""
    return [
        f"{m.group(0)!r}: write «Вы»" for m in RU_LOWER_YOU.finditer(PLACEHOLDER.sub(" ", text))
    ]


@dataclass(frozen=True)
class Entry:
    """One message of a catalog: the English (singular, plural) and the translated forms."""

    english: tuple[str, str]
    forms: tuple[str, ...]

    @property
    def msgid(self) -> str:
        return self.english[0]

    @property
    def is_plural(self) -> bool:
        return len(self.forms) > 1 or self.english[0] != self.english[1]


def catalog_entries(language: str) -> tuple[list[Entry], Callable[[int], int]]:
    """The catalog's messages and its plural rule (n → the index of the form)."""
    import gettext

    from babel.messages.pofile import read_po

    from bot.i18n import LOCALES_DIR

    with (LOCALES_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    entries = []
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id, message.id)
        value = message.string
        forms = (value,) if isinstance(value, str) else tuple(value or ())
        entries.append(Entry((str(english[0]), str(english[1])), forms))
    return entries, gettext.c2py(catalog.plural_expr)
