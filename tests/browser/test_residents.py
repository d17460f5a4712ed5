"""Residents in the browser: the first conversation in Kazakh and in Russian (inline and
reply buttons, pop-ups, edits in place, clickable commands), several residents at once, and
a photo from disk and a location (typed, or clicked on the city map), voice messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect
from sqlalchemy import select

from models import Resident
from tests.browser.conftest import Playground, Shots
from tests.browser.driver import AGREE_BUTTON, MENU, Site, first_conversation
from tests.e2e.needs_kit import ADDRESS, T
from tests.pictures import png, vivid_pixels

RESIDENT = {"kk": 1001, "ru": 1002}  # the playground's residents: Telegram in kk / in ru
HELLO = {
    "kk": "Сәлеметсіз бе! Бұл — «Кеңес», қала тұрғындары әкімдікпен тікелей байланысатын бот.",
    "ru": "Здравствуйте! Это «Кеңес» — бот, через который жители города напрямую общаются с "
    "акиматом.",
}
CHOOSE = {"kk": "Тілді таңдаңыз.", "ru": "Пожалуйста, выберите язык."}
LATIN = "Qazaqşa (latyn)"
LANGUAGE_BUTTONS = {"kk": ["✅ Қазақша", "Русский", LATIN], "ru": ["Қазақша", "✅ Русский", LATIN]}
LANGUAGE_SET = {"kk": "Тіл таңдалды: Қазақша.", "ru": "Выбран язык: Русский."}
CONSENT_TITLE = {
    "kk": "Дербес деректерді өңдеуге келісім",
    "ru": "Согласие на обработку персональных данных",
}
THANKS = {"kk": "Рақмет! Келісіміңіз тіркелді.", "ru": "Спасибо! Ваше согласие получено."}
HELP_FIRST_LINE = {
    "kk": "«Кеңес» сізді қала әкімдігімен байланыстырады.",
    "ru": "«Кеңес» связывает Вас с акиматом города.",
}
COMMANDS = [
    "/start",
    "/my",
    "/hearings",
    "/stats",
    "/polls",
    "/help",
    "/language",
    "/cancel",
    "/privacy",
    "/delete_me",
]
MAIN_MENU = {"kk": "Басты мәзір", "ru": "Главное меню"}
MENU_AGAIN = {
    "kk": "Сәлеметсіз бе! Төмендегі мәзірден қажетті бөлімді таңдаңыз.",
    "ru": "Здравствуйте! Выберите нужный раздел в меню ниже.",
}
ONLY_TEXT = {
    "kk": "Мұнда тек мәтінді және мәзір батырмаларын түсінемін. Төмендегі мәзірден таңдаңыз.",
    "ru": "Здесь я понимаю только текст и кнопки меню. Пожалуйста, выберите пункт в меню ниже.",
}


async def stored(playground: Playground, telegram_id: int) -> Resident | None:
    async with playground.kenes.sessionmaker() as session, session.begin():
        query = select(Resident).where(Resident.telegram_id == telegram_id)
        return (await session.execute(query)).scalar_one_or_none()


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_resident_goes_from_start_to_the_main_menu(
    page: Any, playground: Playground, shots: Shots, language: str
) -> None:
    site = Site(page, playground.url)
    await site.open(person=RESIDENT[language], language=language)
    chat = site.chat
    await expect(chat.root.locator(".empty")).to_be_visible()
    await shots(page, "empty-chat")

    greeting = await chat.send("/start")

    await expect(chat.my_messages.locator("a.ent-bot_command")).to_have_text("/start")
    await expect(greeting.locator(".text")).to_contain_text(HELLO[language])
    await expect(greeting.locator(".text")).to_contain_text(CHOOSE[language])
    await expect(greeting.locator(".ik-button")).to_have_text(LANGUAGE_BUTTONS[language])
    await shots(page, "greeting")

    consent = await chat.press(LANGUAGE_BUTTONS[language][0 if language == "kk" else 1])

    await expect(chat.popups).to_have_text([LANGUAGE_SET[language]])
    await expect(greeting).to_have_attribute("data-edited", "true")  # its buttons went away
    await expect(greeting.locator(".ik-button")).to_have_count(0)
    await expect(consent.locator(".ent-bold").first).to_have_text(CONSENT_TITLE[language])
    await expect(consent.locator(".ik-button").first).to_have_text(AGREE_BUTTON[language])
    await shots(page, "consent")

    thanks = await chat.press(AGREE_BUTTON[language])

    await expect(thanks.locator(".text")).to_contain_text(THANKS[language])
    await expect(chat.keyboard).to_have_text(MENU[language])
    await expect(consent.locator(".ik-button")).to_have_count(0)
    await shots(page, "main-menu")
    star = await chat.keyboard.filter(has_text=MENU[language][1]).bounding_box()
    assert star is not None
    assert vivid_pixels(shots.taken[-1].read_bytes(), star) >= 40, (
        "the ⭐ of the menu is not drawn in colour (apt-get install fonts-noto-color-emoji)"
    )

    await chat.root.locator(".commands-button").click()  # the command menu, in kk or ru
    menu = chat.root.locator(".commands-menu .command")
    await expect(menu.locator(".command-name")).to_have_text(COMMANDS)
    await expect(menu.first.locator(".command-description")).to_have_text(MAIN_MENU[language])
    await shots(page, "command-menu")
    menu_again = await chat.after(menu.filter(has_text="/start").click, 1)
    await expect(menu_again.locator(".text")).to_contain_text(MENU_AGAIN[language])

    help_text = await chat.tap(MENU[language][-1])

    await expect(help_text.locator(".text")).to_contain_text(HELP_FIRST_LINE[language])
    await expect(help_text.locator(".ent-bold").first).to_have_text("«Кеңес»")
    await shots(page, "help")

    language_again = await chat.after(
        help_text.locator("a.ent-bot_command", has_text="/language").click, 1
    )  # a command in the bot's text is a link that sends it, as in Telegram

    await expect(chat.my_messages.last).to_contain_text("/language")
    await expect(language_again.locator(".ik-button")).to_have_count(3)
    await shots(page, "command-link")
    resident = await stored(playground, RESIDENT[language])
    assert resident is not None
    assert (resident.language, resident.consent_at is not None) == (language, True)


async def test_several_residents_talk_to_kenes_at_once(
    page: Any, playground: Playground, shots: Shots
) -> None:
    site = Site(page, playground.url)
    await site.open(person=1001, language="kk")
    await site.chat.send("/start")
    await site.be(1002)
    await expect(site.chat.bot_messages).to_have_count(0)  # Ольга's own chat

    olga = await site.chat.send("/start")

    await expect(olga.locator(".ik-button")).to_have_text(LANGUAGE_BUTTONS["ru"])
    await shots(page, "second-resident")

    daurén = await site.add_resident("Дәурен", "en")
    greeting = await site.chat.send("/start")

    assert daurén == 1003
    await expect(site.person(daurén).locator(".lang-badge")).to_have_text("en")
    await expect(greeting.locator(".text")).to_contain_text(CHOOSE["kk"])
    await expect(greeting.locator(".text")).to_contain_text(CHOOSE["ru"])
    await expect(greeting.locator(".ik-button")).to_have_text(
        ["Қазақша", "Русский", "Qazaqşa (latyn)"]
    )
    await shots(page, "added-resident")

    await playground.kenes.bot.send_message(1001, "Сізге жаңа хабар бар.")

    await expect(site.person(1001).locator(".unread")).to_have_text("1")
    await shots(page, "unread-badge")
    await site.be(1001)
    await expect(site.chat.last_bot.locator(".text")).to_have_text("Сізге жаңа хабар бар.")
    await expect(site.chat.bot_messages).to_have_count(2)
    await expect(site.person(1001).locator(".unread")).to_have_count(0)
    await shots(page, "back-to-first")


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_resident_sends_a_photo_and_a_location(
    page: Any, playground: Playground, shots: Shots, tmp_path: Path, language: str
) -> None:
    site = Site(page, playground.url)
    await site.open(person=RESIDENT[language], language=language)
    await first_conversation(site.chat, language)
    picture = tmp_path / "pothole.png"
    picture.write_bytes(png(160, 90))

    answer = await site.chat.send_photo(picture, caption="Шұңқыр <b>бар</b>")

    photo = site.chat.my_messages.last.locator("img.photo")
    await expect(photo).to_be_visible()
    assert await photo.evaluate("image => image.complete && image.naturalWidth") == 160
    caption = site.chat.my_messages.last.locator(".text")
    await expect(caption).to_have_text("Шұңқыр <b>бар</b>")  # shown as typed, not as HTML
    await expect(caption.locator("b")).to_have_count(0)
    await expect(answer.locator(".text")).to_have_text(ONLY_TEXT[language])
    [sent] = [m for m in playground.emulator.history(RESIDENT[language]) if "photo" in m.extra]
    assert playground.emulator.files[sent.extra["photo"][-1]["file_id"]].data == png(160, 90)
    await shots(page, "photo")

    latitude, longitude = await site.chat.pick_on_map("medeu")

    medeu = {"kk": "Медеу ауданы", "ru": "Медеуский район"}[language]
    await expect(page.locator("#location-dialog .picked-district")).to_have_text(medeu)
    await expect(page.locator("#location-dialog .marker")).to_be_visible()
    assert 43.15 <= latitude <= 43.28 and 76.96 <= longitude <= 77.10
    await shots(page, "map")
    answer = await site.chat.confirm_location()

    place = site.chat.my_messages.last.locator(".location")
    await expect(place.locator(".location-district")).to_have_text(medeu)
    await expect(place.locator(".location-coordinates")).to_have_text(
        f"{latitude:.5f}, {longitude:.5f}"
    )
    await expect(answer.locator(".text")).to_have_text(ONLY_TEXT[language])
    last = playground.emulator.history(RESIDENT[language])[-2]
    assert last.extra["location"] == {"latitude": latitude, "longitude": longitude}

    await site.chat.share_location(43.238949, 76.889709)

    typed = site.chat.my_messages.last.locator(".location")
    await expect(typed.locator(".location-coordinates")).to_have_text("43.23895, 76.88971")
    almaly = {"kk": "Алмалы ауданы", "ru": "Алмалинский район"}[language]
    await expect(typed.locator(".location-district")).to_have_text(almaly)
    await shots(page, "locations")


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_resident_describes_a_need_by_voice_from_the_page(
    page: Any, playground: Playground, shots: Shots, language: str
) -> None:
    texts = T[language]
    site = Site(page, playground.url)
    await site.open(person=RESIDENT[language], language=language)
    await first_conversation(site.chat, language)
    await site.chat.tap(texts["report"], replies=2)
    await site.chat.press(texts["roads"])
    await site.chat.press(texts["almaly"])
    await site.chat.send(ADDRESS)

    refused = await site.chat.send_voice("video_note", 5)
    answer = await site.chat.send_voice("voice", 42)

    words = {
        "kk": ("Бейнехабарлама", "Дауыстық хабарлама"),
        "ru": ("Видеосообщение", "Голосовое сообщение"),
    }
    await expect(site.chat.my_messages.nth(-2).locator(".voice")).to_have_text(
        f"⏺ {words[language][0]} · 0:05"
    )
    await expect(site.chat.my_messages.last.locator(".voice")).to_have_text(
        f"🎤 {words[language][1]} · 0:42"
    )
    await expect(refused.locator(".text")).to_contain_text(
        {"kk": "Мұнда бейнехабарлама емес", "ru": "Здесь принимаются только голосовые"}[language]
    )
    await expect(answer.locator(".text")).to_contain_text(
        {"kk": "Ұзақтығы: 0:42.", "ru": "Длительность: 0:42."}[language]
    )
    [voice] = [m for m in playground.emulator.history(RESIDENT[language]) if "voice" in m.extra]
    assert (voice.extra["voice"]["duration"], voice.extra["voice"]["mime_type"]) == (
        42,
        "audio/ogg",
    )
    await shots(page, "voice")
