"""The command menus staff see, in Kazakh and Russian: the moderators' group gets the
commands that work there, an administrator their whole set at start-up, a moderator theirs
once an administrator adds them, and a removed moderator the residents' menu again."""

from __future__ import annotations

from typing import Any

import pytest

from playground.emulator import Emulator, Limits
from playground.emulator.menus import Scope
from tests.e2e.conftest import World
from tests.e2e.staff import ADMIN, TEXTS

GROUP, MODERATOR, STRANGER = -100700, 5101, 5102
OTHER = {"kk": "ru", "ru": "kk"}
DESCRIPTIONS = {
    "kk": {
        "staff": "Қызметкерлердің құралдары",
        "queue": "Ашық өтініштер, сүзгілермен",
        "audit": "Қызметкерлер өтінішпен не істеді: /audit N",
        "comments": "Жасыруға болатын түсініктемелер",
        "blocked": "Бұғатталған тұрғындар",
        "newpoll": "Жаңа сауалнама",
        "pollstats": "Сауалнама нәтижелері, мерзімінен бұрын жабу",
        "pulse": "ТДМ 16.7.2 көрсеткіші",
        "console": "Браузердегі әкімдік консоліне сілтеме",
        "moderators": "Модераторлар",
        "templates": "Жауап үлгілері",
        "departments": "Бөлімдер",
        "start": "Басты мәзір",
        "help": "Анықтама",
        "language": "Тілді ауыстыру",
        "cancel": "Ағымдағы әрекеттен бас тарту",
    },
    "ru": {
        "staff": "Инструменты сотрудников",
        "queue": "Открытые обращения, с фильтрами",
        "audit": "Что сотрудники делали с обращением: /audit N",
        "comments": "Комментарии к оценкам, которые можно скрыть",
        "blocked": "Заблокированные жители",
        "newpoll": "Новый опрос",
        "pollstats": "Результаты опросов, досрочное закрытие опроса",
        "pulse": "Показатель ЦУР 16.7.2",
        "console": "Ссылка на консоль акимата в браузере",
        "moderators": "Модераторы",
        "templates": "Шаблоны ответов",
        "departments": "Отделы",
        "start": "Главное меню",
        "help": "Справка",
        "language": "Сменить язык",
        "cancel": "Отменить текущее действие",
    },
}
GROUP_MENU = ["queue", "audit", "comments", "blocked", "cancel"]
MODERATOR_MENU = ["staff", "queue", "audit", "comments", "blocked", "newpoll", "pollstats"]
MODERATOR_MENU += ["pulse", "console", "start", "help", "language", "cancel"]
ADMIN_MENU = [*MODERATOR_MENU[:9], "moderators", "templates", "departments"]
ADMIN_MENU += MODERATOR_MENU[9:]
LANGUAGES = pytest.mark.parametrize("language", ["kk", "ru"])


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"admin_ids": [ADMIN], "moderator_chat_id": GROUP}


@pytest.fixture
def emulator() -> Emulator:
    """The administrator and the group are known to Telegram before Kenes starts."""
    api = Emulator(limits=Limits(per_bot=None))
    api.user(ADMIN, first_name="Admin")
    api.group(GROUP, "Moderators", [ADMIN])
    return api


def expected(names: list[str], language: str) -> list[tuple[str, str]]:
    return [(name, DESCRIPTIONS[language][name]) for name in names]


def seen(world: World, chat_id: int, app_language: str) -> list[tuple[str, str]]:
    """The menu a person whose Telegram app is in ``app_language`` sees in the chat."""
    menu = world.emulator.menu(chat_id, app_language, user_id=ADMIN)
    return [(command["command"], command["description"]) for command in menu]


@LANGUAGES
async def test_the_group_and_an_administrator_get_their_menus_at_start_up(
    world: World, language: str
) -> None:
    assert seen(world, GROUP, language) == expected(GROUP_MENU, language)
    assert seen(world, ADMIN, language) == expected(ADMIN_MENU, language)
    # an app in another language: the group's cards' language, kk here
    assert seen(world, GROUP, "en") == expected(GROUP_MENU, "kk")
    assert seen(world, 424242, language) == seen(world, 424243, language)  # residents
    assert "moderators" not in [name for name, _ in seen(world, 424242, language)]


@LANGUAGES
async def test_an_added_moderator_gets_the_menu_in_their_language_until_removed(
    world: World, language: str
) -> None:
    t = TEXTS[language]
    admin = await world.resident(ADMIN, language)
    resident_menu = seen(world, MODERATOR, OTHER[language])
    await world.resident(MODERATOR, OTHER[language])  # chose the other language in Kenes
    await admin.send("/moderators")
    await admin.press(t["add"])

    await admin.send(str(MODERATOR))

    assert admin.last.content.startswith(t["added"].format(name=MODERATOR))
    for app_language in ("kk", "ru", "en"):  # whatever their app's language
        assert seen(world, MODERATOR, app_language) == expected(MODERATOR_MENU, OTHER[language])

    moderator = world.person(MODERATOR, OTHER[language])
    await moderator.send("/language")
    await moderator.press({"kk": "Қазақша", "ru": "Русский"}[language])  # now in ``language``
    assert seen(world, MODERATOR, "en") == expected(MODERATOR_MENU, language)

    await admin.press(t["remove"].format(name=MODERATOR))
    await admin.press(t["yes"])

    assert admin.answers()[-1] == t["removed"]
    assert not any(scope.chat_id == MODERATOR for scope, _ in world.emulator.commands)
    assert seen(world, MODERATOR, OTHER[language]) == resident_menu


@LANGUAGES
async def test_a_moderator_telegram_does_not_know_yet_is_still_added(
    world: World, language: str
) -> None:
    t = TEXTS[language]
    admin = await world.resident(ADMIN, language)
    await admin.send("/moderators")
    await admin.press(t["add"])

    await admin.send(str(STRANGER))  # never wrote to Kenes: Telegram refuses their menu

    assert admin.last.content.startswith(t["added"].format(name=STRANGER))
    assert (Scope("chat", STRANGER), "") not in world.emulator.commands
    [panel] = await world.person(STRANGER, language).send("/staff")
    assert panel.content.startswith({"kk": "🛠 «Кеңес»", "ru": "🛠 Инструменты"}[language])
