"""The catalogs say things the way docs/glossary.md decides: no word it rules out, no Kazakh
case ending or postposition after a placeholder, plural forms whose pronouns agree with every
number they serve, the bot's name declined. The last tests prove each check fails on the
examples of issue 17."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.catalog import known_cities, load_catalog
from bot.i18n import CONTENT_LANGUAGES as LANGUAGES
from tests.language_kit import (
    Rule,
    bot_name_problems,
    catalog_entries,
    glossary_problems,
    glossary_rules,
    kazakh_placeholder_problems,
    plural_pronoun_problems,
    polite_you_problems,
)

RULES = glossary_rules()
RU_PLURAL = catalog_entries("ru")[1]
KK_PLURAL = catalog_entries("kk")[1]


def _problems(language: str) -> list[tuple[str, str]]:
    entries, plural = catalog_entries(language)
    found = []
    for entry in entries:
        for form in entry.forms:
            problems = glossary_problems(RULES, language, entry.msgid, form)
            problems += bot_name_problems(language, form)
            if language == "kk":
                problems += kazakh_placeholder_problems(form)
            else:
                problems += polite_you_problems(form)
            found += [(entry.msgid, problem) for problem in problems]
        if entry.is_plural:
            problems = plural_pronoun_problems(language, entry.english, entry.forms, plural)
            found += [(entry.msgid, problem) for problem in problems]
    return found


def test_the_glossary_gives_rules_for_both_languages_and_every_scope_is_used() -> None:
    assert {rule.language for rule in RULES} == {"kk", "ru"}
    assert len(RULES) >= 40
    msgids = [entry.msgid for entry in catalog_entries("kk")[0]]
    unused = {
        rule.english
        for rule in RULES
        if rule.scope is not None and not any(rule.applies_to(msgid) for msgid in msgids)
    }
    assert unused == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_keeps_every_language_rule(language: str) -> None:
    assert _problems(language) == []


@pytest.mark.parametrize("city", known_cities())
def test_city_catalogs_keep_the_glossary(city: str) -> None:
    catalog = load_catalog(city)
    entries = [catalog.city, *catalog.districts, *catalog.categories, *catalog.services]
    wrong = [
        (entry.code, language, problem)
        for entry in entries
        for language in LANGUAGES
        for problem in glossary_problems(RULES, language, None, entry.name(language))
    ]
    assert wrong == []


@pytest.mark.parametrize("city", known_cities())
def test_district_names_quote_the_same_way_in_both_languages(city: str) -> None:
    """Astana's districts are officially «Есіл» ауданы / район «Есиль»: quoted in both or in
    neither (Алмалы ауданы / Алмалинский район)."""
    for district in load_catalog(city).districts:
        kk, ru = district.name("kk"), district.name("ru")
        assert bool(re.fullmatch(r"«[^»]+» ауданы", kk)) == bool(
            re.fullmatch(r"район «[^»]+»", ru)
        )


# The examples of issue 17, and what an editor writes instead.
KAZAKH_ENDINGS = [
    ("Сұрақтар қабылданады: {date} дейін", "Сұрақ қабылдау мерзімі: {date}"),
    ("{date} бастап · соңғы өтініші: {number}", "бұғатталған уақыты: {date}"),
    ("{date} күнге белгіленген тыңдау", "Белгіленген уақыты: {date}."),
    ("Келісіміңізді {date} бердіңіз.", "Келісім берген уақытыңыз: {date}."),
    ("{name}-ға жіберілді", "{step}-қадам, {pages} беттің {page}-беті"),
    ("{number}-ның мәртебесі", "{number} өтінішінің мәртебесі"),
    ("Жіберілді: {total} ішінен {sent}", "Жіберілді: {sent}/{total}"),
    ("{count} сұрақтан {date} кейін", "Жабылуы: {date}"),
]


@pytest.mark.parametrize(("bad", "good"), KAZAKH_ENDINGS)
def test_an_ending_after_a_placeholder_is_caught(bad: str, good: str) -> None:
    assert kazakh_placeholder_problems(bad) != []
    assert kazakh_placeholder_problems(good) == []


GLOSSARY_EXAMPLES = [
    ("kk", "The hearing has been cancelled.", "Тыңдау тоқтатылды.", "Тыңдаудың күші жойылды."),
    ("kk", "❌ Cancel the hearing", "❌ Тыңдауды тоқтату", "❌ Тыңдаудың күшін жою"),
    ("kk", "Done: need {number} is now “{status}”.", "Дайын: {number}.", "Орындалды: {number}."),
    ("kk", "{name} is a moderator already.", "{name} қазірдің өзінде модератор.",
     "{name} модератор болып тағайындалып қойған."),
    ("kk", "You are registered already.", "Сіз бұрын тіркелгенсіз.", "Сіз тіркеліп қойғансыз."),
    ("kk", "Sorry, something went wrong on our side.", "Кешіріңіз, біз жақта қате шықты.",
     "Кешіріңіз, жүйеде қате орын алды."),
    ("kk", "↩️ No, keep it", "↩️ Жоқ, сақтай берсін", "↩️ Жоқ, қалсын"),
    ("kk", "press “No limit”.", "«Шектеусіз» түймесін басыңыз.",
     "«Шектеусіз» батырмасын басыңыз."),
    ("kk", "⏭ No comment", "⏭ Пікірсіз", "⏭ Түсініктемесіз"),
    ("kk", "voice message", "дауыстық хабар емес", "дауыстық хабарлама емес"),
    ("kk", "<b>Need {number}</b>", "<b>Өтініш {number}</b>", "<b>{number} өтініші</b>"),
    ("kk", "Almaty time", "Алматы уақытымен", "(UTC+5)"),
    ("kk", "inclusive decision-making", "шешім қабылдаудың ашықтығы",
     "барлығын қамтитын шешім қабылдау"),
    ("ru", "Almaty time", "по времени Алматы", "(UTC+5)"),
    ("ru", "everyone who allowed announcements", "все, кто разрешил оповещения",
     "все, кто подписан на объявления"),
    ("ru", "❓ Help", "❓ Помощь", "❓ Справка"),
    ("ru", "↪️ Not our competence", "↪️ Не наша компетенция", "↪️ Не входит в компетенцию акимата"),
    ("ru", "Not our competence", "Вне компетенции", "Не входит в компетенцию акимата"),
    ("ru", "This need repeats need {original}.", "Повторяет обращение {original}.",
     "Дублирует обращение {original}."),
    ("ru", "inclusive decision-making", "открытость принятия решений",
     "всеобъемлющее принятие решений"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "msgid", "bad", "good"), GLOSSARY_EXAMPLES)
def test_a_word_the_glossary_rules_out_is_caught(
    language: str, msgid: str, bad: str, good: str
) -> None:
    assert glossary_problems(RULES, language, msgid, bad) != []
    assert glossary_problems(RULES, language, msgid, good) == []


def test_a_scoped_rule_binds_only_its_messages() -> None:
    """тоқтату stays right for "Stop" and for a message that only names the /cancel command."""
    assert glossary_problems(RULES, "kk", "✖️ Stop", "✖️ Тоқтату") == []
    assert glossary_problems(RULES, "kk", "To stop, send /cancel.", "Тоқтату үшін /cancel") == []


def test_a_glossary_table_is_read_with_its_scope() -> None:
    table = "| a | b | `x*` | c | | `(?i)\\bcancel` |\n| d | e | | f | `y`, `z` | all |"
    assert glossary_rules(table) == [
        Rule("a", "kk", ("x*",), re.compile(r"(?i)\bcancel")),
        Rule("d", "ru", ("y", "z"), None),
    ]


QUESTIONS = ("Residents asked {count} question. Answer it.", "… Answer them.")


@pytest.mark.parametrize(
    ("language", "forms", "plural"),
    [
        (  # 21 вопрос … на него: form 0 serves 21 too
            "ru",
            ["Задали {count} вопрос. Ответьте на него.",
             "Задали {count} вопроса. Ответьте на них.",
             "Задали {count} вопросов. Ответьте на них."],
            RU_PLURAL,
        ),
        (  # 1 сұрақ … оларға
            "kk",
            ["{count} сұрақ қойды. Оларға жауап беріңіз."] * 2,
            KK_PLURAL,
        ),
        (  # 2 сұрақ … оған
            "kk",
            ["{count} сұрақ қойды. Оған жауап беріңіз."] * 2,
            KK_PLURAL,
        ),
    ],
)  # fmt: skip
def test_a_pronoun_that_disagrees_with_a_number_is_caught(
    language: str, forms: list[str], plural: Callable[[int], int]
) -> None:
    assert plural_pronoun_problems(language, QUESTIONS, forms, plural) != []


def test_pronouns_that_read_right_for_every_number_pass() -> None:
    ru = ["Задали {count} вопрос. Ответьте им в итогах.", "… {count} вопроса. Ответьте на них.",
          "… {count} вопросов. Ответьте на них."]  # fmt: skip
    kk = ["{count} сұрақ қойды. Оған жауап беріңіз.", "{count} сұрақ қойды. Оларға жауап беріңіз."]
    assert plural_pronoun_problems("ru", QUESTIONS, ru, RU_PLURAL) == []
    assert plural_pronoun_problems("kk", QUESTIONS, kk, KK_PLURAL) == []
    # "его" that is the same in every form points at something else (the description).
    same = ["{count} символ. Сократите его."] * 3
    assert plural_pronoun_problems("ru", ("… it.", "… it."), same, RU_PLURAL) == []


@pytest.mark.parametrize(
    ("language", "bad", "good"),
    [
        ("ru", "Спасибо, что пользовались «Кеңес».", "Спасибо, что пользовались ботом «Кеңес»."),
        ("ru", "Telegram не сообщает «Кеңес», кто это.",
         "Telegram не сообщает боту «Кеңес», кто это."),
        ("ru", "Респонденты «Кеңес» — жители.", "Это «Кеңес» — бот акимата."),
        ("ru", "<b>👥 Модераторы «Кеңес»</b>", "<b>«Кеңес»</b> связывает Вас с акиматом."),
        ("kk", "«Кеңесті» пайдаланғаныңызға рақмет.", "«Кеңес» ботын пайдаланғаныңызға рақмет."),
        ("kk", "«Кеңес»-ке жауап берген", "«Кеңес» сізге хабарлайды."),
    ],
)  # fmt: skip
def test_an_undeclined_bot_name_is_caught(language: str, bad: str, good: str) -> None:
    assert bot_name_problems(language, bad) != []
    assert bot_name_problems(language, good) == []


def test_a_lower_case_vy_is_caught() -> None:
    assert polite_you_problems("Спасибо за вашу оценку, вы молодец.") != []
    assert polite_you_problems("Спасибо за Вашу оценку! Вывоз мусора: {vy}") == []
