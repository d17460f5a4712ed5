"""Unknown commands, unsupported content, stale and forged buttons, and failures: each gets a
short answer in the person's language and loses nothing."""

from __future__ import annotations

import pytest

from playground.emulator import Fault
from tests.e2e.conftest import MENU, World

MENU_HINT = {
    "kk": "Кешіріңіз, түсінбедім. Төмендегі мәзірден таңдаңыз.",
    "ru": "Извините, я не понял. Пожалуйста, выберите пункт в меню ниже.",
}
ONLY_TEXT = {
    "kk": "Мұнда тек мәтінді және мәзір батырмаларын түсінемін. Төмендегі мәзірден таңдаңыз.",
    "ru": "Здесь я понимаю только текст и кнопки меню. Пожалуйста, выберите пункт в меню ниже.",
}


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_unknown_command(world: World, language: str) -> None:
    person = await world.resident(4001, language)

    [reply] = await person.send("/teleport now")

    assert (
        reply.content
        == {
            "kk": "Мұндай команда жоқ. «Кеңес» ботының мүмкіндіктерін көру үшін /help жіберіңіз.",
            "ru": "Такой команды нет. Отправьте /help, чтобы узнать, что умеет бот «Кеңес».",
        }[language]
    )


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_free_text_outside_a_flow_points_to_the_menu(world: World, language: str) -> None:
    person = await world.resident(4002, language)

    [reply] = await person.send("сәлем, қалайсыз? <b>привет</b>")

    assert reply.content == MENU_HINT[language]
    assert person.keyboard == MENU[language]


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("kind", ["sticker", "voice", "document", "photo"])
async def test_unsupported_content_gets_a_helpful_answer(
    world: World, language: str, kind: str
) -> None:
    person = await world.resident(4003, language)

    [reply] = await getattr(person, f"send_{kind}")()

    assert reply.content == ONLY_TEXT[language]


async def test_a_stranger_writing_anything_is_offered_the_languages(world: World) -> None:
    person = world.person(4004, language_code="ru")

    [reply] = await person.send("здравствуйте")

    assert reply.buttons == ["Қазақша", "✅ Русский", "Qazaqşa (latyn)"]


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_stale_or_unknown_button_is_answered(world: World, language: str) -> None:
    person = await world.resident(4005, language)
    old = person.inbox[0]  # the language prompt, long answered

    replies = await person.press_data(old, "zz9:obsolete")

    assert replies == []
    assert (
        person.answers()[-1]
        == {
            "kk": "Бұл батырма енді жарамсыз.",
            "ru": "Эта кнопка больше не действует.",
        }[language]
    )


async def test_forged_language_code_is_refused(world: World) -> None:
    person = await world.resident(4006, "kk")

    await person.press_data(person.inbox[0], "lng1:en")

    assert person.answers()[-1] == "Бұл батырма енді жарамсыз."
    [reply] = await person.send("/help")
    assert reply.content.startswith("«Кеңес» сізді")  # still Kazakh


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_crash_gets_an_apology_and_the_bot_goes_on(world: World, language: str) -> None:
    person = await world.resident(4007, language)
    world.emulator.faults.add(Fault("sendMessage", status=400, chat_id=4007))

    [apology] = await person.send("/help")

    assert (
        apology.content
        == {
            "kk": "Кешіріңіз, жүйеде қате орын алды. Енгізген мәліметтеріңіз сақталды: "
            "қайталап көріңіз немесе /cancel жіберіңіз.",
            "ru": "Извините, у нас произошла ошибка. Введённые Вами данные сохранены: "
            "попробуйте ещё раз или отправьте /cancel.",
        }[language]
    )
    [help_text] = await person.send("/help")
    assert "/delete_me" in help_text.content


async def test_cancel_with_nothing_to_cancel(world: World) -> None:
    person = await world.resident(4008, "ru")

    [reply] = await person.send("/cancel")

    assert reply.content == "Отменять нечего."


async def test_telegram_flood_limits_are_waited_out(world: World) -> None:
    person = await world.resident(4009, "kk")
    world.emulator.faults.add(Fault("sendMessage", status=429, retry_after=1, chat_id=4009))

    [reply] = await person.send("/help")

    assert reply.content.startswith("«Кеңес» сізді")
    refused = [name for name, params in world.emulator.requests if name == "sendMessage"]
    assert len(refused) >= 2  # refused once, sent after retry_after
