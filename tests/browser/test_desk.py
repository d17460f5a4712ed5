"""The moderators' desk in the web playground: a resident files a need in their chat, its
card appears live in the moderators' group, the moderator accepts it there, the card is
edited in place and the resident's chat shows the news."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import Playground, Shots
from tests.browser.driver import Site, first_conversation

RESIDENT = {"kk": 1001, "ru": 1002}  # the playground's residents: Telegram in kk / in ru
FLOW = {
    "kk": ["📝 Өтініш беру", "Жолдар мен тротуарлар", "Алмалы ауданы", "⏭ Өткізіп жіберу",
           "✅ Жіберу", "Әкімдік бұл өтінішті қабылдады."],
    "ru": ["📝 Подать обращение", "Дороги и тротуары", "Алмалинский район", "⏭ Пропустить",
           "✅ Отправить", "Акимат принял это обращение."],
}  # fmt: skip


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_need_is_accepted_from_the_moderators_group(
    page: Any, playground: Playground, shots: Shots, language: str
) -> None:
    report, category, district, skip, send, accepted = FLOW[language]
    site = Site(page, playground.url)
    await site.open(person=RESIDENT[language], language=language)
    await first_conversation(site.chat, language)
    await site.chat.tap(report, replies=2)
    await site.chat.press(category)
    await site.chat.press(district)
    await site.chat.send("Абай даңғылы, 10")
    await site.chat.send("Жолда <үлкен> шұңқыр бар, көліктер тротуармен жүреді")
    await site.chat.press(skip)

    await site.chat.press(send)

    # the group's cards are in Kazakh (the default language); questions follow below them
    card = site.moderators.root.locator('.msg[data-from="bot"]').filter(has_text="Санаты:").last
    await expect(card.locator(".text")).to_contain_text("Мәртебесі: 🆕 Жаңа")
    await expect(card.locator(".text")).to_contain_text("Жолда <үлкен> шұңқыр бар")
    await expect(card.locator(".ik-button").first).to_have_text("✅ Қабылдау")
    public = "Көпшілікке көрінеді: тек санаты: Жолдар мен тротуарлар"
    await expect(card.locator(".text")).to_contain_text(public)
    await shots(page, "card-posted")

    await site.moderators.press("✅ Қабылдау")  # what may the public read? (in their Russian)
    await site.moderators.press("🏷 Только название категории", replies=0)

    await expect(card.locator(".text")).to_contain_text("Мәртебесі: 📥 Қабылданды")
    await expect(card.locator(".text")).to_contain_text("Соңғы әрекет: 📥 Қабылданды — Модератор")
    await expect(card.locator(".edited")).to_be_visible()
    await expect(site.chat.last_bot.locator(".text")).to_contain_text(accepted)
    await shots(page, "accepted")
