"""Who gets into the console, and who does not: links that are expired, used already or
made for a resident are refused (in Kazakh and Russian, before anyone is known); a form
without its CSRF token changes nothing; a moderator removed in Telegram loses the console at
the next click; a resident who sends /console is refused by the bot in their language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from playwright.async_api import expect

from models.base import utcnow
from services import console_access
from tests.browser.conftest import Shots
from tests.browser.console_kit import (
    console_link,
    open_page,
    private,
    settings_overrides,
    sign_in,
)
from tests.e2e.conftest import World, emulator, world
from tests.e2e.desk.kit import ONE, RESIDENT, SAY, STATUS, need_row, staff
from tests.e2e.needs_kit import submit_direct
from tests.e2e.staff import dismiss

__all__ = ["emulator", "settings_overrides", "world"]  # fixtures
LANGUAGES = pytest.mark.parametrize("language", ["kk", "ru"])
REFUSED = {  # the refusal pages say it in both languages
    "expired": [
        "Сілтеменің мерзімі өтіп кеткен: сілтеме 10 минут жарамды.",
        "Срок действия ссылки истёк: ссылка действует 10 минут.",
    ],
    "used": [
        "Бұл сілтеме пайдаланылып қойған: әр сілтеме бір рет қана кіргізеді.",
        "Эта ссылка уже использована: каждая ссылка позволяет войти один раз.",
    ],
    "not_staff": [
        "Консоль тек әкімдік қызметкерлеріне арналған.",
        "Консоль доступна только сотрудникам акимата.",
    ],
    "invalid": ["Сілтеме жарамсыз.", "Ссылка недействительна."],
    "signed_out": [
        "Сеансыңыз аяқталды: сіз шықтыңыз, ұзақ уақыт әрекет болмады немесе сіз енді "
        "әкімдік қызметкері емессіз.",
        "Ваш сеанс завершён: Вы вышли, он долго не использовался, или Вы больше не "
        "сотрудник акимата.",
    ],
}
CSRF = {
    "kk": "Пішін қабылданбады",
    "ru": "Форму не удалось принять",
}


@pytest.fixture
async def page(browser: Any) -> AsyncIterator[Any]:
    async for opened in open_page(browser):
        yield opened


@pytest.fixture
async def other_page(browser: Any) -> AsyncIterator[Any]:
    async for opened in open_page(browser):
        yield opened


async def _refused(page: Any, link: str, why: str) -> None:
    await page.goto(link)
    await page.get_by_role("button").click()
    for text in REFUSED[why]:
        await expect(page.get_by_text(text)).to_be_visible()


async def _link(world: World, telegram_id: int, **kwargs: Any) -> str:
    console = world.kenes.console
    assert console is not None
    async with world.kenes.sessionmaker() as session:
        token = await console_access.issue_link(session, console.key, telegram_id, **kwargs)
    return console.link(token)


@LANGUAGES
async def test_expired_used_and_residents_links_are_refused(
    world: World, page: Any, other_page: Any, shots: Shots, language: str
) -> None:
    await staff(world, language)
    resident = await world.resident(RESIDENT, language)

    replies = await resident.send("/console")
    assert [r.content for r in replies] == [SAY[language]["staff_only"]]
    await _refused(page, await _link(world, RESIDENT), "not_staff")
    await shots(page, "resident")
    expired = await _link(world, ONE, at=utcnow() - timedelta(minutes=11))
    await _refused(page, expired, "expired")
    await shots(page, "expired")
    link = await console_link(private(world, ONE))
    await sign_in(page, link, language)
    await _refused(other_page, link, "used")
    await shots(other_page, "used")
    await _refused(other_page, link.replace("t=", "t=1"), "invalid")


@LANGUAGES
async def test_a_form_without_its_csrf_token_changes_nothing(
    world: World, page: Any, shots: Shots, language: str
) -> None:
    await staff(world, language)
    await world.resident(RESIDENT, language)
    need = await submit_direct(world, RESIDENT)
    await sign_in(page, await console_link(private(world, ONE)), language)
    await page.goto(page.url + f"needs/{need.id}")
    await page.locator("#accept input[name=csrf]").evaluate("input => input.remove()")

    await page.locator("#accept button").click()

    await expect(page.locator("h1")).to_have_text(CSRF[language])
    await shots(page, "refused")
    assert (await need_row(world, need.number)).status == "new"
    await page.go_back()
    await page.reload()
    await expect(page.locator("h1 .status")).to_have_text(STATUS[language]["new"])


@LANGUAGES
async def test_a_removed_moderator_loses_the_console_at_the_next_click(
    world: World, page: Any, shots: Shots, language: str
) -> None:
    team = await staff(world, language)
    await world.resident(RESIDENT, language)
    need = await submit_direct(world, RESIDENT)
    await sign_in(page, await console_link(private(world, ONE)), language)

    await dismiss(team.admin, language, ONE)
    await page.locator("#status").select_option("new")  # an htmx request: the table alone

    for text in REFUSED["signed_out"]:
        await expect(page.get_by_text(text)).to_be_visible()
    await shots(page, "signed-out")
    await page.goto(page.url.split("?")[0] + f"needs/{need.id}")  # over, not refused once
    await expect(page.get_by_text(REFUSED["signed_out"][1])).to_be_visible()
