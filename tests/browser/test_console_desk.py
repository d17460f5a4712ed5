"""The akimat's console in Chromium: a moderator signs in with the link the bot sent them,
finds a need in the queue by filters and search, and accepts it with a public summary; the
resident reads the notice in Telegram and the group's card changes, as when the button in
Telegram is pressed (one code path)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import Shots
from tests.browser.console_kit import console_link, open_page, private, settings_overrides, sign_in
from tests.e2e.conftest import World, emulator, world
from tests.e2e.desk.kit import CARD, NOTICE, ONE, RESIDENT, STATUS, cards_of, need_row, staff
from tests.e2e.needs_kit import submit_direct

__all__ = ["emulator", "settings_overrides", "world"]  # fixtures
LANGUAGES = pytest.mark.parametrize("language", ["kk", "ru"])
TEXTS = {
    "kk": {
        "status": "Мәртебесі",
        "accept": "✅ Қабылдау",
        "summary": "Абай даңғылындағы жолдағы шұңқыр",
        "done": "Орындалды",
        "found": "1 өтініш табылды",
    },
    "ru": {
        "status": "Статус",
        "accept": "✅ Принять",
        "summary": "Яма на дороге на проспекте Абая",
        "done": "Готово",
        "found": "Найдено 1 обращение",
    },
}


@pytest.fixture
async def page(browser: Any) -> AsyncIterator[Any]:
    async for opened in open_page(browser):
        yield opened


@LANGUAGES
async def test_sign_in_find_and_accept_with_a_public_summary(
    world: World, browser: Any, page: Any, shots: Shots, language: str
) -> None:
    t = TEXTS[language]
    await staff(world, language)
    resident = await world.resident(RESIDENT, language)
    other = await submit_direct(world, RESIDENT, description="Көше шамы жанбайды")
    need = await submit_direct(world, RESIDENT, description="Жолда үлкен шұңқыр бар")
    for each in (other, need):  # as the flow does after filing
        await world.kenes.dispatcher["desk"].publish(each.id)
    await world.settle()
    link = await console_link(private(world, ONE))

    await sign_in(page, link, language)
    await expect(page.get_by_role("link", name=need.number)).to_be_visible()
    await expect(page.get_by_role("link", name=other.number)).to_be_visible()
    await shots(page, "queue")

    await page.get_by_label(t["status"], exact=True).select_option("new")
    await page.locator("#q").fill("шұңқыр")
    await page.locator("#q").press("Enter")
    await expect(page.get_by_role("link", name=other.number)).to_have_count(0)
    await expect(page.get_by_role("link", name=need.number)).to_be_visible()
    await expect(page.locator(".summary")).to_have_text(t["found"])
    assert "q=" in page.url and "status=new" in page.url
    await shots(page, "filtered")

    await page.get_by_role("link", name=need.number).click()
    await page.locator("#summary").fill(t["summary"])
    await shots(page, "need")
    await page.get_by_role("button", name=t["accept"]).click()

    await expect(page.locator(".result")).to_contain_text(t["done"])
    await expect(page.locator("[data-field=public-summary]")).to_have_text(t["summary"])
    await expect(page.locator("h1 .status")).to_have_text(STATUS[language]["accepted"])
    await shots(page, "accepted")
    await world.settle()
    notice = resident.inbox[-1].content
    assert NOTICE[language]["header"].format(number=need.number) in notice
    assert STATUS[language]["accepted"] in notice
    card = (await cards_of(world, need.number))[-1].content  # the group's cards are in kk
    assert CARD["kk"]["status"].format(status=STATUS["kk"]["accepted"]) in card
    assert (await need_row(world, need.number)).public_summary == t["summary"]
