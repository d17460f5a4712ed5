"""The playground on a phone-sized screen: one pane at a time, switched with tabs; nothing
wider than the screen; the same conversation works with taps."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from playground.cast import MODERATOR_CHAT_ID
from tests.browser.conftest import PHONE, Playground, Shots
from tests.browser.driver import MENU, Site, first_conversation

RESIDENT = {"kk": 1001, "ru": 1002}
TABS = {"kk": ["Қатысушылар", "Чат", "Модераторлар"], "ru": ["Участники", "Чат", "Модераторы"]}


async def fits_the_screen(page: Any) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_resident_on_a_phone(
    phone: Any, playground: Playground, shots: Shots, language: str
) -> None:
    site = Site(phone, playground.url)
    await site.open(person=RESIDENT[language], language=language)

    await expect(phone.locator(".tabs [role=tab]")).to_have_text(TABS[language])
    await expect(site.chat.root).to_be_visible()
    await expect(phone.locator("#people")).to_be_hidden()
    await expect(site.moderators.root).to_be_hidden()
    await fits_the_screen(phone)
    await shots(phone, "chat-tab")

    await first_conversation(site.chat, language)

    await expect(site.chat.keyboard).to_have_text(MENU[language])
    await expect(site.chat.keyboard.first).to_be_in_viewport()
    await fits_the_screen(phone)
    await shots(phone, "main-menu")

    await site.chat.root.locator(".location-button").click()
    dialog = phone.locator("#location-dialog")
    await expect(dialog.locator("svg.city-map")).to_be_visible()
    box = await dialog.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    await shots(phone, "location-dialog")
    await dialog.locator("button[value=cancel]").click()
    await expect(dialog).to_be_hidden()

    await site.tab("people")
    await expect(phone.locator("#people")).to_be_visible()
    await expect(site.chat.root).to_be_hidden()
    await shots(phone, "people-tab")
    other = RESIDENT["ru" if language == "kk" else "kk"]
    await site.person(other).click()  # picking someone opens their chat

    await expect(site.chat.root).to_be_visible()
    await expect(site.chat.root).to_have_attribute("data-user-id", str(other))
    await expect(site.chat.bot_messages).to_have_count(0)

    await playground.kenes.bot.send_message(MODERATOR_CHAT_ID, "<b>Жаңа өтініш</b> №7")

    badge = phone.locator('.tabs [data-tab="moderators"] .unread')
    await expect(badge).to_have_text("1")
    await shots(phone, "moderators-badge")
    await site.tab("moderators")
    await expect(site.moderators.last_bot.locator(".text")).to_have_text("Жаңа өтініш №7")
    await expect(badge).to_have_count(0)
    await fits_the_screen(phone)
    await shots(phone, "moderators-tab")
