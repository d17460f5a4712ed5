"""The moderators' group in its own panel: what Kenes posts there appears live, the
moderator (an administrator of the playground's bot) writes and presses buttons there, and
has a private chat with Kenes of their own.

The need → accept scenario adds to this: a resident files a need in ``site.chat``, the new
need appears in ``site.moderators``, the moderator presses its accept button there, and the
resident's chat shows the status change (see the example in tests/browser/driver.py)."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from playwright.async_api import expect

from playground.cast import MODERATOR_CHAT_ID, MODERATOR_ID
from tests.browser.conftest import Playground, Shots
from tests.browser.driver import Site


async def test_the_moderators_group_panel(page: Any, playground: Playground, shots: Shots) -> None:
    site = Site(page, playground.url)
    await site.open(person=1001)
    group = site.moderators
    await expect(group.root).to_have_attribute("data-chat-id", str(MODERATOR_CHAT_ID))
    await expect(group.root.locator(".chat-title")).to_have_text(
        "Kenes: модераторлар / модераторы"
    )
    await expect(group.root.locator(".chat-subtitle")).to_have_text("Вы — Модератор")
    await expect(group.root.locator(".empty")).to_have_text(
        "Здесь появятся сообщения, которые Kenes присылает модераторам."
    )
    await shots(page, "empty-group")
    accept = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="✅ Принять", callback_data="md1:acc:12")]]
    )

    posted = await playground.kenes.bot.send_message(
        MODERATOR_CHAT_ID, "<b>Новое обращение №12</b>\nЯма во дворе", reply_markup=accept
    )

    news = group.message(posted.message_id)
    await expect(news.locator(".sender")).to_have_text("Kenes")
    await expect(news.locator(".text b")).to_have_text("Новое обращение №12")
    await expect(news.locator(".ik-button")).to_have_text(["✅ Принять"])
    await expect(site.chat.bot_messages).to_have_count(0)  # not in the resident's chat
    await shots(page, "need-posted")

    await group.send("Беру в работу", replies=0)

    await expect(group.my_messages.last.locator(".text")).to_have_text("Беру в работу")
    said = playground.emulator.history(MODERATOR_CHAT_ID)[-1]
    assert (said.sender.id, said.text) == (MODERATOR_ID, "Беру в работу")

    await group.inline_button("✅ Принять").click()  # no moderation feature yet: a stale button

    await expect(group.popups).to_have_text(["Эта кнопка больше не действует."])
    await expect(site.chat.popups).to_have_count(0)
    [press] = [
        q for q in playground.emulator.callbacks.values() if q["chat_id"] == MODERATOR_CHAT_ID
    ]
    assert (press["user_id"], press["message_id"]) == (MODERATOR_ID, posted.message_id)
    await shots(page, "pressed")

    await playground.kenes.bot.edit_message_text(
        "<b>Обращение №12</b>: принято модератором",
        chat_id=MODERATOR_CHAT_ID,
        message_id=posted.message_id,
    )

    await expect(news.locator(".text")).to_have_text("Обращение №12: принято модератором")
    await expect(news.locator(".ik-button")).to_have_count(0)
    await expect(news.locator(".edited")).to_be_visible()
    await shots(page, "edited")


async def test_the_moderator_has_a_private_chat_too(
    page: Any, playground: Playground, shots: Shots
) -> None:
    site = Site(page, playground.url)
    await site.open(person=1001)

    await site.be(MODERATOR_ID)
    greeting = await site.chat.send("/start")

    await expect(site.person(MODERATOR_ID)).to_contain_text("модератор")
    await expect(greeting.locator(".ik-button")).to_have_text(
        ["Қазақша", "✅ Русский", "Qazaqşa (latyn)"]
    )
    await expect(site.moderators.my_messages).to_have_count(0)  # the group is another chat
    assert playground.kenes.settings.is_admin(MODERATOR_ID)
    await shots(page, "moderator-private-chat")
