"""A new need like an open one a moderator accepted (same category and district, within about
150 m or in nearly the same words) is offered as a “+1” instead; supporters are counted and
told of changes. What the offer shows of the need is tested in tests/e2e/public."""

from __future__ import annotations

import pytest

from models import Need, NeedStatus, NeedSupporter
from tests.e2e.conftest import World
from tests.e2e.needs_kit import (
    DESCRIPTION,
    LANGUAGES,
    T,
    change,
    count,
    needs_of,
    reach,
    submit_direct,
)

OFFER = {
    "kk": "Сіздікіне ұқсас өтініш қазір ашық:\n{number} өтініші\n",
    "ru": "Похожее обращение уже открыто:\nОбращение {number}\n",
}
OFFER_BUTTONS = {
    "kk": ["👍 Қолдау: {number} (+1)", "📝 Бәрібір өз өтінішімді жіберу", "❌ Бас тарту"],
    "ru": ["👍 Поддержать {number} (+1)", "📝 Всё равно отправить своё", "❌ Отменить"],
}
SUPPORTED = {
    "kk": "👍 Рақмет! Сіз {number} өтінішін қолдадыңыз. Қолдағандар: 1.\n"
    "Оның барысы туралы осында хабарлаймыз.",
    "ru": "👍 Спасибо! Ваша поддержка добавлена к обращению {number}. Поддержали: 1.\n"
    "О ходе работы мы сообщим здесь.",
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_need_nearby_is_supported_instead_and_the_supporter_told(
    world: World, language: str
) -> None:
    texts = T[language]
    author = await world.resident(9001, "ru" if language == "kk" else "kk")
    original = await submit_direct(
        world, author.id, description="Не горит фонарь", latitude=43.2560, longitude=76.9450
    )
    await change(world, original.id, NeedStatus.ACCEPTED)
    person = await world.resident(9002, language)
    await reach(person, language, "place")
    await person.share_location(43.2565, 76.9455)  # about 70 m away
    await person.send("Темно во дворе, сломано освещение у подъезда")

    [offer] = await person.press(texts["skip"])

    assert offer.content.startswith(OFFER[language].format(number=original.number))
    assert "Не горит фонарь" not in offer.content  # the author's words stay private
    assert offer.buttons == [b.format(number=original.number) for b in OFFER_BUTTONS[language]]
    [thanks] = await person.press(offer.buttons[0])
    assert thanks.content == SUPPORTED[language].format(number=original.number)
    assert await count(world, Need) == 1
    assert await count(world, NeedSupporter) == 1

    await change(world, original.id, NeedStatus.IN_PROGRESS)
    assert person.last.content.endswith(
        {"kk": "Бұл өтініш бойынша жұмыс басталды.", "ru": "Работа по этому обращению началась."}[
            language
        ]
    )


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_need_in_nearly_the_same_words_can_still_be_sent(
    world: World, language: str
) -> None:
    texts = T[language]
    author = await world.resident(9003, language)
    original = await submit_direct(world, author.id, description=DESCRIPTION)
    await change(world, original.id, NeedStatus.ACCEPTED)
    person = await world.resident(9004, language)
    await reach(person, language, "photos", description=DESCRIPTION.replace("Большая", "большая!"))
    [offer] = await person.press(texts["skip"])

    [card] = await person.press(OFFER_BUTTONS[language][1], offer)

    assert card.content.startswith(texts["confirm"])
    await person.press(texts["send"])
    assert len(await needs_of(world, person.id)) == 1
    assert await count(world, NeedSupporter) == 0


@pytest.mark.parametrize("language", LANGUAGES)
async def test_different_districts_or_far_places_are_not_duplicates(
    world: World, language: str
) -> None:
    texts = T[language]
    author = await world.resident(9005, language)
    for need in [
        await submit_direct(world, author.id, district="medeu", description=DESCRIPTION),
        await submit_direct(
            world, author.id, description="Не горит фонарь", latitude=43.2560, longitude=76.9450
        ),
    ]:
        await change(world, need.id, NeedStatus.ACCEPTED)
    person = await world.resident(9006, language)
    await reach(person, language, "place")
    await person.share_location(43.2600, 76.9450)  # about 450 m away
    await person.send(DESCRIPTION)  # the same words, but the open one is in Medeu

    [card] = await person.press(texts["skip"])

    assert card.content.startswith(texts["confirm"])
