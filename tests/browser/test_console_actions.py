"""The desk's actions from the console, as a moderator does them in Chromium: an answer
with a template (previewed in the author's language), a bulk route, and a race with a press
in Telegram, where one wins and the other sees the new state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import Shots
from tests.browser.console_kit import console_link, open_page, private, settings_overrides, sign_in
from tests.e2e.conftest import World, emulator, world
from tests.e2e.desk.kit import (
    BUTTONS,
    CROSSED,
    NOTICE,
    ONE,
    RESIDENT,
    SAY,
    STATUS,
    add_department,
    add_template,
    cards_of,
    need_row,
    staff,
)
from tests.e2e.needs_kit import filed, submit_direct
from tests.pictures import png

__all__ = ["emulator", "settings_overrides", "world"]  # fixtures
LANGUAGES = pytest.mark.parametrize("language", ["kk", "ru"])
TEMPLATE = {
    "kk": "Өтінішіңіз тиісті қызметке жіберілді, жұмыс жоспарланды.",
    "ru": "Ваше обращение передано в профильную службу, работы запланированы.",
}
DEPARTMENT = {"kk": "Жолдар бөлімі", "ru": "Отдел дорог"}
RESOLVE = {"kk": "✅ Шешілді", "ru": "✅ Решено"}
T: dict[str, dict[str, Any]] = {
    "kk": {
        "reply": "💬 Жауап беру",
        "accept": "✅ Қабылдау",
        "apply": "Қолдану",
        "action": "Әрекет",
        "route": "🏢 Бөлімге жіберу",
        "done": "Орындалды: 2",
        "preview": "Автор мынаны оқиды ({language}):",
        "names": {"kk": "Қазақша", "ru": "Русский"},
        "conflict": "Бұл өтінішті басқа қызметкер қарап қойған. Қазіргі мәртебесі: «{status}».",
    },
    "ru": {
        "reply": "💬 Ответить",
        "accept": "✅ Принять",
        "apply": "Применить",
        "action": "Действие",
        "route": "🏢 В отдел",
        "done": "Готово: 2",
        "preview": "Автор прочитает ({language}):",
        "names": {"kk": "Қазақша", "ru": "Русский"},
        "conflict": "Уже обработано другим сотрудником: обращение сейчас в статусе «{status}».",
    },
}


@pytest.fixture
async def page(browser: Any) -> AsyncIterator[Any]:
    async for opened in open_page(browser):
        yield opened


@pytest.mark.parametrize(("rl", "ml"), CROSSED)
async def test_answer_with_a_template_previewed_in_the_authors_language(
    world: World, page: Any, shots: Shots, rl: str, ml: str
) -> None:
    t = T[ml]
    await staff(world, ml)
    await add_template(world, TEMPLATE["kk"], TEMPLATE["ru"])
    resident = await world.resident(RESIDENT, rl)
    need = await submit_direct(world, RESIDENT)
    await sign_in(page, await console_link(private(world, ONE)), ml)
    await page.goto(page.url + f"needs/{need.id}")

    await page.get_by_text(t["reply"], exact=True).first.click()  # opens the details
    await page.locator("#rpl-template").select_option(label=TEMPLATE[ml][:80])
    preview = page.locator("#rpl-preview")
    await expect(preview).to_contain_text(t["preview"].format(language=t["names"][rl]))
    await expect(preview.locator("blockquote")).to_have_text(TEMPLATE[rl])
    await shots(page, "preview")
    await page.get_by_role("button", name=t["reply"]).click()

    await expect(page.locator(".result")).to_have_class("result result-done")
    await world.settle()
    assert resident.last.content.endswith(NOTICE[rl]["answer"] + "\n" + TEMPLATE[rl])
    await shots(page, "answered")


@LANGUAGES
async def test_a_bulk_route(world: World, page: Any, shots: Shots, language: str) -> None:
    t = T[language]
    await staff(world, language)
    department = await add_department(world, DEPARTMENT["kk"], DEPARTMENT["ru"], ["roads"])
    resident = await world.resident(RESIDENT, language)
    first, second, third = [await submit_direct(world, RESIDENT) for _ in range(3)]
    await sign_in(page, await console_link(private(world, ONE)), language)

    await page.locator(f"#pick-{first.id}").check()
    await page.locator(f"#pick-{third.id}").check()
    await page.get_by_label(t["action"], exact=True).select_option("rte")
    await page.locator("#bulk-department").select_option(str(department))
    await shots(page, "selected")
    await page.get_by_role("button", name=t["apply"]).click()

    await expect(page.locator(".bulk-result li").first).to_have_text(t["done"])
    await shots(page, "done")
    routed = [(await need_row(world, n.number)).department_id for n in (first, second, third)]
    assert routed == [department, None, department]
    await world.settle()
    told = [m.content for m in resident.inbox if DEPARTMENT[language] in m.content]
    assert len(told) == 2
    assert NOTICE[language]["routed"].format(department=DEPARTMENT[language]) in told[0]


@LANGUAGES
async def test_a_race_between_the_console_and_a_press_in_telegram(
    world: World, page: Any, shots: Shots, language: str
) -> None:
    t = T[language]
    team = await staff(world, language)
    resident = await world.resident(RESIDENT, language)
    first = await filed(world, resident, language)
    second = await filed(world, resident, language)
    await sign_in(page, await console_link(private(world, ONE)), language)

    # Telegram first: the console's page still shows "new"; its press loses and says so
    await page.get_by_role("link", name=first).click()
    [card] = await cards_of(world, first)
    [question] = await team.two.press(BUTTONS["kk"]["acc"], card)  # the group's cards: kk
    await team.two.press(SAY[language]["category_only"], question)  # publish the category only
    await page.get_by_role("button", name=t["accept"]).click()
    accepted = STATUS[language]["accepted"]
    await expect(page.locator(".result")).to_have_text(t["conflict"].format(status=accepted))
    await expect(page.locator("h1 .status")).to_have_text(accepted)
    await shots(page, "telegram-won")

    # the console first: the card in Telegram is brought up to date, its press is refused
    [card] = await cards_of(world, second)
    stale = card.inline_keyboard[0][0]["callback_data"]  # "✅ Accept" as the card was
    await page.goto(page.url.split("/needs/")[0] + f"/needs/{(await need_row(world, second)).id}")
    await page.get_by_role("button", name=t["accept"]).click()
    await expect(page.locator(".result")).to_have_class("result result-done")
    await team.two.press_data(card, stale, forged=True)
    assert team.two.answers()[-1] == SAY[language]["already"].format(
        number=second, status=accepted
    )  # in the moderator's own language
    await shots(page, "console-won")


@LANGUAGES
async def test_resolve_with_own_text_and_a_photo(
    world: World, page: Any, shots: Shots, language: str
) -> None:
    await staff(world, language)
    resident = await world.resident(RESIDENT, language)
    need = await submit_direct(world, RESIDENT)
    await sign_in(page, await console_link(private(world, ONE)), language)
    await page.goto(page.url + f"needs/{need.id}")

    await page.get_by_text(RESOLVE[language], exact=True).first.click()  # opens the details
    await page.locator("#res-text").fill("Шұңқыр асфальтталды / яма заасфальтирована")
    await page.locator("#res-photo").set_input_files(
        {"name": "result.png", "mimeType": "image/png", "buffer": png(64, 48)}
    )
    await shots(page, "resolving")
    await page.get_by_role("button", name=RESOLVE[language]).click()

    await expect(page.locator(".result")).to_have_class("result result-done")
    await expect(page.locator("h1 .status")).to_have_text(STATUS[language]["resolved"])
    await world.settle()
    text, photo = resident.inbox[-2:]
    comment = "Шұңқыр асфальтталды / яма заасфальтирована"
    assert NOTICE[language]["comment"].format(comment=comment) in text.content
    assert photo.caption == NOTICE[language]["photo"].format(number=need.number)
    [copy] = [m for m in world.emulator.history(ONE) if m.extra.get("photo")]  # their own chat
    assert photo.extra["photo"][0]["file_id"] == copy.extra["photo"][-1]["file_id"]
    await shots(page, "resolved")
