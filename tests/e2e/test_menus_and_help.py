"""Help, language switching and the command menus, in both languages."""

from __future__ import annotations

import pytest

from playground.emulator.menus import Scope
from tests.e2e.conftest import World

HELP_START = {
    "kk": "«Кеңес» сізді қала әкімдігімен байланыстырады.",
    "ru": "«Кеңес» связывает Вас с акиматом города.",
}
FEATURES = {  # what help says of polls and public hearings
    "kk": "🏛 Қоғамдық тыңдаулар: әкімдіктің алдағы қоғамдық тыңдаулары: тіркеліңіз, "
    "сұрақтарыңызды алдын ала жіберіңіз және жаңалары туралы білу үшін хабарландыруларға "
    "жазылыңыз.\n🗳 Сауалнамалар: әкімдік тұрғындардың пікірін сұрайды: ашық сауалнамаларға "
    "жауап беріңіз, ал сауалнама жабылған соң оның нәтижесін көріңіз.\n",
    "ru": "🏛 Общественные слушания: ближайшие общественные слушания акимата: запишитесь, "
    "заранее отправьте свои вопросы и подпишитесь на объявления, чтобы узнавать о новых.\n"
    "🗳 Опросы: акимат спрашивает мнение жителей: ответьте на открытые опросы и посмотрите "
    "результаты, когда опрос завершится.\n",
}
COMMANDS = {"kk": "Командалар", "ru": "Команды"}


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_help_by_command_and_by_menu_button(world: World, language: str) -> None:
    person = await world.resident(2001, language)

    [by_command] = await person.send("/help")
    [by_button] = await person.tap({"kk": "❓ Анықтама", "ru": "❓ Справка"}[language])

    assert by_command.content.startswith(HELP_START[language])
    assert by_button.content == by_command.content
    assert FEATURES[language] in by_command.content
    menu = world.emulator.commands[(Scope(), language)]
    listed = by_command.content.split("\n" + COMMANDS[language] + "\n", 1)[1]
    assert listed.split("\n") == [f"/{c['command']} — {c['description']}" for c in menu]


@pytest.mark.parametrize(("first", "second"), [("kk", "ru"), ("ru", "kk")])
async def test_switching_language_changes_every_later_text(
    world: World, first: str, second: str
) -> None:
    person = await world.resident(2002, first)
    names = {"kk": "Қазақша", "ru": "Русский"}

    [prompt] = await person.send("/language")
    assert prompt.buttons == [
        *(("✅ " if code == first else "") + names[code] for code in ("kk", "ru")),
        "Qazaqşa (latyn)",
    ]
    [menu] = await person.press(names[second])

    assert menu.content == {"kk": "Тіл таңдалды: Қазақша.", "ru": "Выбран язык: Русский."}[second]
    assert person.answers()[-1] == menu.content
    [help_text] = await person.send("/help")
    assert help_text.content.startswith(HELP_START[second])
    assert person.keyboard[0] == {"kk": "📝 Өтініш беру", "ru": "📝 Подать обращение"}[second]


async def test_an_old_keyboard_in_the_other_language_still_works(world: World) -> None:
    person = await world.resident(2003, "kk")
    await person.send("/language")
    await person.press("Русский")

    [reply] = await person.send("❓ Анықтама")  # the Kazakh label of a keyboard sent earlier

    assert reply.content.startswith(HELP_START["ru"])


async def test_language_menu_button_works_in_both_languages(world: World) -> None:
    person = await world.resident(2004, "ru")

    [prompt] = await person.tap("🌐 Язык / Тіл")

    assert prompt.content == "Пожалуйста, выберите язык."


async def test_command_menus_are_registered_per_language(world: World) -> None:
    commands = world.emulator.commands

    kk = {c["command"]: c["description"] for c in commands[(Scope(), "kk")]}
    ru = {c["command"]: c["description"] for c in commands[(Scope(), "ru")]}

    assert kk["start"] == "Басты мәзір"
    assert ru["start"] == "Главное меню"
    assert kk["delete_me"] == "Деректерімді жою"
    assert ru["cancel"] == "Отменить текущее действие"
    assert commands[(Scope(), "")] == commands[(Scope(), "kk")]  # the default language
    assert set(kk) == set(ru)
