"""What Kenes sends appears live, as Telegram shows it: formatted text built safely (no HTML
from the bot ever runs), edits in place, photos, documents to download, and callback pop-ups
(a short note, or an alert to dismiss). Kenes' bot object sends here what features will send."""

from __future__ import annotations

from typing import Any

from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from playwright.async_api import expect

from playground.emulator import Fault
from playground.people import Stage
from tests.browser.conftest import Playground, Shots
from tests.browser.driver import Site
from tests.pictures import png

OLGA = 1002  # Telegram in Russian
HOSTILE = (
    "<b>Жирный</b> <i>курсив</i> <code>код</code> "
    '<a href="https://akimat.example/needs/12">ссылка</a> '
    '<a href="javascript:alert(1)">опасная</a> '
    "&lt;img src=x onerror=alert(1)&gt; <tg-spoiler>спойлер</tg-spoiler> "
    "<b>весь <i>вложенный</i> текст</b> /help"
)


async def olga(page: Any, playground: Playground) -> Site:
    """The page, as Ольга, who has written to Kenes (so Kenes may write to her)."""
    site = Site(page, playground.url)
    await site.open(person=OLGA)
    await site.chat.send("/start")
    return site


def buttons(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    row = [InlineKeyboardButton(text=text, callback_data=data) for text, data in pairs]
    return InlineKeyboardMarkup(inline_keyboard=[row])


async def test_bot_messages_render_safely_and_edits_happen_in_place(
    page: Any, playground: Playground, shots: Shots
) -> None:
    site = await olga(page, playground)
    bot = playground.kenes.bot

    sent = await bot.send_message(OLGA, HOSTILE)

    bubble = site.chat.message(sent.message_id)
    text = bubble.locator(".text")
    await expect(text).to_have_text(
        "Жирный курсив код ссылка опасная <img src=x onerror=alert(1)> спойлер "
        "весь вложенный текст /help"
    )
    await expect(text.locator("b")).to_have_text(["Жирный", "весь вложенный текст"])
    await expect(text.locator("b > i")).to_have_text("вложенный")
    await expect(text.locator("a.ent-bot_command")).to_have_text("/help")
    await expect(text.locator("i").first).to_have_text("курсив")
    await expect(text.locator("code")).to_have_text("код")
    link = text.locator("a", has_text="ссылка")
    await expect(link).to_have_attribute("href", "https://akimat.example/needs/12")
    await expect(link).to_have_attribute("rel", "noopener noreferrer")
    assert await text.locator("a", has_text="опасная").get_attribute("href") is None
    await expect(text.locator("img")).to_have_count(0)  # the text stays text
    spoiler = text.locator(".ent-spoiler")
    await expect(spoiler).to_have_class("ent ent-spoiler hidden-spoiler")
    await shots(page, "formatted")
    await spoiler.click()
    await expect(spoiler).to_have_class("ent ent-spoiler")

    await bot.edit_message_text(
        "<b>Обращение №12</b> принято", chat_id=OLGA, message_id=sent.message_id
    )

    await expect(text).to_have_text("Обращение №12 принято")
    await expect(bubble.locator(".edited")).to_have_text("изменено")
    await expect(
        site.chat.root.locator(f'.msg[data-message-id="{sent.message_id}"]')
    ).to_have_count(1)
    await shots(page, "edited-text")

    asked = await bot.send_message(
        OLGA, "Оцените, пожалуйста:", reply_markup=buttons(("⭐ 5", "rt1:5"), ("⭐ 4", "rt1:4"))
    )
    await expect(site.chat.message(asked.message_id).locator(".ik-button")).to_have_text(
        ["⭐ 5", "⭐ 4"]
    )
    await bot.edit_message_reply_markup(
        chat_id=OLGA, message_id=asked.message_id, reply_markup=None
    )

    await expect(site.chat.message(asked.message_id).locator(".ik-button")).to_have_count(0)
    await expect(site.chat.message(asked.message_id)).to_have_attribute("data-edited", "true")
    await shots(page, "edited-keyboard")


async def test_photos_and_documents_from_kenes(
    page: Any, playground: Playground, shots: Shots
) -> None:
    site = await olga(page, playground)
    bot = playground.kenes.bot
    report = "Район;Обращений\nМедеуский;12\n".encode()

    photo = await bot.send_photo(
        OLGA, BufferedInputFile(png(240, 120, (40, 120, 200)), "map.png"), caption="<b>Карта</b>"
    )
    document = await bot.send_document(OLGA, BufferedInputFile(report, "отчёт за неделю.csv"))

    image = site.chat.message(photo.message_id).locator("img.photo")
    await expect(image).to_be_visible()
    await expect(site.chat.message(photo.message_id).locator(".text b")).to_have_text("Карта")
    assert await image.evaluate("image => image.complete && image.naturalWidth") == 240
    link = site.chat.message(document.message_id).locator("a.document")
    await expect(link.locator(".document-name")).to_have_text("отчёт за неделю.csv")
    await shots(page, "photo-and-document")

    async with page.expect_download() as waiting:
        await link.click()
    download = await waiting.value

    assert download.suggested_filename == "отчёт за неделю.csv"
    assert (await download.path()).read_bytes() == report


async def test_callback_pop_ups_and_alerts(
    page: Any, playground: Playground, shots: Shots
) -> None:
    site = await olga(page, playground)
    bot = playground.kenes.bot
    old = await bot.send_message(OLGA, "Старая кнопка:", reply_markup=buttons(("Нажми", "gone:1")))

    await site.chat.inline_button("Нажми").click()  # Kenes knows no such button any more

    await expect(site.chat.popups).to_have_text(["Эта кнопка больше не действует."])
    await shots(page, "pop-up")

    # Kenes' own answer to the next press fails; then the query is answered with an alert,
    # as a feature does with show_alert=True.
    playground.emulator.faults.add(Fault(method="answerCallbackQuery", status=400))
    await site.chat.inline_button("Нажми").click()
    stage = Stage(playground.emulator, playground.kenes.tracker)
    await stage.wait_for(lambda: not playground.emulator.faults.pending, what="the failed answer")
    await stage.settle()
    [query_id] = [
        query_id
        for query_id, query in playground.emulator.callbacks.items()
        if query["answer"] is None and query["message_id"] == old.message_id
    ]
    await bot.answer_callback_query(query_id, text="Обращение №12 уже принято", show_alert=True)

    alert = page.locator("#alert-dialog")
    await expect(alert).to_be_visible()
    await expect(alert.locator(".alert-text")).to_have_text("Обращение №12 уже принято")
    await shots(page, "alert")
    await alert.locator("button").click()
    await expect(alert).to_be_hidden()


async def test_reply_keyboards_ask_for_a_location_and_go_away(
    page: Any, playground: Playground, shots: Shots
) -> None:
    site = await olga(page, playground)
    bot = playground.kenes.bot
    ask = ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text="📍 Отправить геопозицию", request_location=True)],
            [KeyboardButton(text="Ввести адрес")],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder="Адрес или геопозиция",
    )
    await bot.send_message(OLGA, "Где находится проблема?", reply_markup=ask)
    await expect(site.chat.keyboard).to_have_text(["📍 Отправить геопозицию", "Ввести адрес"])
    await expect(site.chat.root.locator(".message-input")).to_have_attribute(
        "placeholder", "Адрес или геопозиция"
    )
    await shots(page, "location-keyboard")

    await site.chat.keyboard.filter(has_text="Отправить геопозицию").click()
    dialog = page.locator("#location-dialog")
    await dialog.locator('rect.district[data-code="turksib"]').click()
    await expect(dialog.locator(".picked-district")).to_have_text("Турксибский район")
    await site.chat.confirm_location()  # Kenes has no flow waiting for it yet: it says so

    sent = playground.emulator.history(OLGA)[-2].extra["location"]
    assert 43.28 <= sent["latitude"] <= 43.40 and 76.97 <= sent["longitude"] <= 77.10
    await expect(site.chat.root.locator(".reply-keyboard")).to_be_hidden()  # one-time
    await site.chat.root.locator(".keyboard-toggle").click()
    await expect(site.chat.keyboard).to_have_count(2)
    await shots(page, "keyboard-shown-again")

    await bot.send_message(OLGA, "Спасибо!", reply_markup=ReplyKeyboardRemove())

    await expect(site.chat.root.locator(".reply-keyboard")).to_be_hidden()
    await expect(site.chat.root.locator(".keyboard-toggle")).to_be_hidden()
    await expect(site.chat.root.locator(".message-input")).to_have_attribute(
        "placeholder", "Сообщение"
    )
