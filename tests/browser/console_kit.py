"""What the console's browser tests share: Kenes with its console against the emulator (the
e2e ``world``), the desk's staff (an administrator, two moderators, the moderators' group),
a browser page, and signing in with the link the bot sent."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from playground.people import Person
from tests.browser.conftest import DESKTOP, PHONE
from tests.e2e.conftest import World
from tests.e2e.desk.kit import settings_for

LINK = re.compile(r"https?://\S+/console/signin\?t=\S+")
TITLE = {"kk": "Кезек", "ru": "Очередь"}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return settings_for("kk")


async def console_link(person: Person) -> str:
    """The moderator sends /console privately; the link from the bot's answer."""
    replies = await person.send("/console")
    found = [m for r in replies if (m := LINK.search(r.content))]
    assert found, [r.content for r in replies]
    return found[-1].group(0)


async def open_page(browser: Any, *, phone: bool = False) -> AsyncIterator[Any]:
    """A fresh browser context; fails the test on any script error or CSP violation."""
    options: dict[str, Any] = {"viewport": PHONE if phone else DESKTOP}
    if phone:
        options |= {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}
    context = await browser.new_context(**options)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda m: (
            errors.append(f"{m.text[:30]} at {m.location}")
            if m.type == "error" and "401" not in m.text and "403" not in m.text
            else None
        ),
    )
    try:
        yield page
    finally:
        await context.close()
    assert errors == [], f"the page reported errors: {errors}"


async def sign_in(page: Any, link: str, language: str) -> None:
    from playwright.async_api import expect

    await page.goto(link)
    await page.get_by_role("button").click()
    await expect(page.locator("h1")).to_have_text(TITLE[language])


def private(world: World, user_id: int) -> Person:
    return Person(world, user_id, language_code=None, chat_id=user_id)
