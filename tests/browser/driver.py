"""Driving the web playground as a person would: pick who you are, type, press buttons,
share a location, send a photo; and read what the page shows. Every action waits for what
the page shows next (Playwright's auto-waiting ``expect``), never for a fixed time.

A new scenario is a few lines on top of these, e.g. a need that a moderator accepts::

    await first_conversation(site.chat, "kk")
    await site.chat.tap("📝 Өтініш беру")            # ... answer the flow's questions
    await site.moderators.press("✅ Қабылдау")        # the button on the group's new message
    await expect(site.chat.last_bot).to_contain_text("қабылданды")
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import AGREE_BUTTON, LANGUAGE_BUTTON, MENU

__all__ = ["AGREE_BUTTON", "LANGUAGE_BUTTON", "MENU", "ChatView", "Site", "first_conversation"]


class ChatView:
    """One chat panel: a person's chat with Kenes (``#chat``) or the moderators' group."""

    def __init__(self, page: Page, selector: str) -> None:
        self.page = page
        self.root = page.locator(selector)

    # -- reading -----------------------------------------------------------------------
    @property
    def bot_messages(self) -> Locator:
        return self.root.locator('.msg[data-from="bot"]')

    @property
    def my_messages(self) -> Locator:
        return self.root.locator('.msg[data-from="me"]')

    @property
    def last_bot(self) -> Locator:
        return self.bot_messages.last

    @property
    def popups(self) -> Locator:
        return self.root.locator(".panel-toast")

    @property
    def keyboard(self) -> Locator:
        return self.root.locator(".reply-keyboard .rk-button")

    def message(self, message_id: int) -> Locator:
        return self.root.locator(f'.msg[data-message-id="{message_id}"]')

    def inline_button(self, label: str, *, exact: bool = True) -> Locator:
        text = re.compile(f"^{re.escape(label)}$") if exact else label
        return self.root.locator(".ik-button").filter(has_text=text).last

    async def keyboard_labels(self) -> list[str]:
        return await self.keyboard.all_inner_texts()

    # -- acting (each returns once the bot's ``replies`` new messages are on the page) ---
    async def after(self, act: Any, replies: int) -> Locator:
        """Do ``act``; wait for ``replies`` new messages from Kenes; return the first of them
        (or, with ``replies=0``, Kenes' last message)."""
        before = await self.bot_messages.count()
        await act()
        await expect(self.bot_messages).to_have_count(before + replies)
        return self.bot_messages.nth(before) if replies else self.last_bot

    async def send(self, text: str, *, replies: int = 1) -> Locator:
        async def act() -> None:
            await self.root.locator(".message-input").fill(text)
            await self.root.locator(".message-input").press("Enter")

        return await self.after(act, replies)

    async def tap(self, label: str, *, replies: int = 1) -> Locator:
        """A reply-keyboard button."""
        key = self.keyboard.filter(has_text=label)
        await expect(key).to_have_count(1)
        return await self.after(key.click, replies)

    async def press(self, label: str, *, replies: int = 1, exact: bool = True) -> Locator:
        """An inline button (the newest one with this label)."""
        return await self.after(self.inline_button(label, exact=exact).click, replies)

    async def share_location(
        self, latitude: float, longitude: float, *, replies: int = 1
    ) -> Locator:
        async def act() -> None:
            await self.root.locator(".location-button").click()
            dialog = self.page.locator("#location-dialog")
            await dialog.locator("input[name=latitude]").fill(str(latitude))
            await dialog.locator("input[name=longitude]").fill(str(longitude))
            await dialog.locator("button[value=send]").click()

        return await self.after(act, replies)

    async def pick_on_map(self, district: str) -> tuple[float, float]:
        """Open the location dialog and click the middle of ``district`` on the map."""
        await self.root.locator(".location-button").click()
        dialog = self.page.locator("#location-dialog")
        await dialog.locator(f'rect.district[data-code="{district}"]').click()
        latitude = float(await dialog.locator("input[name=latitude]").input_value())
        longitude = float(await dialog.locator("input[name=longitude]").input_value())
        return latitude, longitude

    async def confirm_location(self, *, replies: int = 1) -> Locator:
        return await self.after(
            self.page.locator("#location-dialog button[value=send]").click, replies
        )

    async def send_voice(self, kind: str, seconds: int, *, replies: int = 1) -> Locator:
        """A voice message, a video message or an audio file (``kind``) of ``seconds``."""

        async def act() -> None:
            await self.root.locator(".voice-button").click()
            dialog = self.page.locator("#voice-dialog")
            await dialog.locator("select[name=kind]").select_option(kind)
            await dialog.locator("input[name=duration]").fill(str(seconds))
            await dialog.locator("button[value=send]").click()

        return await self.after(act, replies)

    async def send_photo(self, path: Path, caption: str = "", *, replies: int = 1) -> Locator:
        async def act() -> None:
            await self.root.locator(".photo-input").set_input_files(str(path))
            dialog = self.page.locator("#photo-dialog")
            await expect(dialog.locator(".photo-preview")).to_be_visible()
            await dialog.locator("input[name=caption]").fill(caption)
            await dialog.locator("button[value=send]").click()

        return await self.after(act, replies)


class Site:
    """The whole page: people on the left, the chat, the moderators' group."""

    def __init__(self, page: Page, url: str) -> None:
        self.page = page
        self.url = url
        self.chat = ChatView(page, "#chat")
        self.moderators = ChatView(page, "#moderators")

    async def open(self, *, person: int | None = None, language: str = "ru") -> None:
        anchor = f"#{person}" if person is not None else ""
        await self.page.goto(f"{self.url}/?lang={language}{anchor}")
        await expect(self.page.locator("body")).to_have_attribute("data-ready", "true")

    def person(self, user_id: int) -> Locator:
        return self.page.locator(f'.person[data-user-id="{user_id}"]')

    async def be(self, user_id: int) -> None:
        """Become this person: their chat with Kenes opens."""
        await self.person(user_id).click()
        await expect(self.chat.root).to_have_attribute("data-user-id", str(user_id))

    async def add_resident(self, name: str, language: str) -> int:
        form = self.page.locator(".add-resident")
        await form.locator("input[name=name]").fill(name)
        await form.locator("select[name=language]").select_option(language)
        await form.locator("button[type=submit]").click()
        added = self.page.locator(".person", has_text=name)
        await expect(added).to_have_attribute("aria-pressed", "true")
        return int(await added.get_attribute("data-user-id") or 0)

    async def tab(self, name: str) -> None:
        await self.page.locator(f'.tabs [data-tab="{name}"]').click()


async def first_conversation(chat: ChatView, language: str) -> None:
    """/start → language → consent → the main menu, as a new resident does it."""
    await chat.send("/start")
    await chat.press(LANGUAGE_BUTTON[language], exact=False)  # "✅ " when preselected
    await chat.press(AGREE_BUTTON[language])
    await expect(chat.keyboard).to_have_text(MENU[language])
