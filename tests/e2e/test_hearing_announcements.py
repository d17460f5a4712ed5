"""Residents subscribe to hearing announcements (city-wide, by district, by topic) and
unsubscribe from the menu; a published hearing reaches exactly the matching subscribers,
each in their language, and the moderator sees the broadcast's progress."""

from __future__ import annotations

from typing import Any

import pytest

from playground.people import Person
from tests.e2e.conftest import World
from tests.e2e.hearings_kit import ADMIN, LANGUAGES, H, card, create_hearing, moment

S = {
    "kk": {
        "header": "🔔 Қоғамдық тыңдаулар туралы хабарландырулар",
        "none": "Сіз жазылмағансыз: «Кеңес» сізге жаңа тыңдаулар туралы хабарламайды.",
        "some": "«Кеңес» сізге мына жаңа тыңдаулар туралы хабарлайды:",
        "city": "🏙 Қаладағы барлық тыңдаулар",
        "city_line": "• қаладағы барлық тыңдаулар",
        "by_district": "🗺 Аудан бойынша…",
        "by_topic": "🏷 Тақырып бойынша…",
        "off": "🔕 Барлық жазылымнан шығу",
        "districts": "«Кеңес» сізге қай аудандардағы тыңдаулар туралы хабарласын?\n"
        "Қосу не өшіру үшін батырманы басыңыз.",
        "back": "↩️ Артқа",
        "subscribed": "Жазылдыңыз.",
        "unsubscribed": "Жазылымнан шықтыңыз.",
        "all_off": "Барлық жазылымнан шықтыңыз.",
        "empty_list": "Әзірге жоспарланған тыңдау жоқ. Жаңалары туралы білу үшін "
        "хабарландыруларға жазылыңыз.",
        "progress": "✅ №1 тарату аяқталды\nЖіберілді: 3/3\nЖеткізілмеді: 0\n"
        "Ботты бұғаттағандар: 0",
    },
    "ru": {
        "header": "🔔 Объявления об общественных слушаниях",
        "none": "Вы не подписаны: «Кеңес» не будет сообщать Вам о новых слушаниях.",
        "some": "«Кеңес» сообщает Вам о новых слушаниях:",
        "city": "🏙 Все слушания в городе",
        "city_line": "• все слушания в городе",
        "by_district": "🗺 По районам…",
        "by_topic": "🏷 По темам…",
        "off": "🔕 Отписаться от всех",
        "districts": "О слушаниях в каких районах «Кеңес» должен Вам сообщать?\n"
        "Нажмите кнопку, чтобы включить или выключить.",
        "back": "↩️ Назад",
        "subscribed": "Вы подписаны.",
        "unsubscribed": "Вы отписались.",
        "all_off": "Вы отписались от всех объявлений.",
        "empty_list": "Пока слушаний не запланировано. Подпишитесь на объявления, чтобы "
        "узнавать о новых.",
        "progress": "✅ Рассылка №1 завершена\nОтправлено: 3 из 3\nНе доставлено: 0\n"
        "Заблокировали бота: 0",
    },
}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"admin_ids": [ADMIN], "flood_burst": 1000}


async def subscribe(person: Person, language: str, *labels: str) -> None:
    """From the menu: announcements, then each label (a district or topic after its list)."""
    t = H[language]
    await person.tap(t["menu"])
    await person.press(t["announcements"])
    for label in labels:
        await person.press(label)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_subscribe_and_unsubscribe_from_the_menu(world: World, language: str) -> None:
    s, t = S[language], H[language]
    person = await world.resident(4001, language)
    [listing] = await person.tap(t["menu"])
    assert listing.content == t["list_header"] + "\n" + s["empty_list"]
    assert listing.buttons == [t["announcements"]]

    await person.press(t["announcements"])
    assert listing.content == s["header"] + "\n" + s["none"]
    assert listing.buttons == [s["city"], s["by_district"], s["by_topic"], s["off"], t["all"]]
    await person.press(s["city"])
    assert person.answers()[-1] == s["subscribed"]
    assert listing.content == s["header"] + "\n" + s["some"] + "\n" + s["city_line"]
    assert listing.buttons[0] == "✅ " + s["city"]

    await person.press(s["by_district"])
    assert listing.content == s["districts"]
    await person.press(t["almaly"])
    assert "✅ " + t["almaly"] in listing.buttons
    await person.press("✅ " + t["almaly"])  # pressed again: off
    assert person.answers()[-1] == s["unsubscribed"]
    await person.press(t["medeu"])
    await person.press(s["back"])
    assert listing.content == "\n".join(
        [s["header"], s["some"], s["city_line"], "• " + t["medeu"]]
    )

    await person.press(s["off"])
    assert person.answers()[-1] == s["all_off"]
    assert listing.content == s["header"] + "\n" + s["none"]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_published_hearing_reaches_matching_subscribers_in_their_language(
    world: World, language: str
) -> None:
    city = await world.resident(4101, "kk")
    almaly = await world.resident(4102, "ru")
    roads = await world.resident(4103, "kk")
    medeu = await world.resident(4104, "ru")  # another district, another topic
    quiet = await world.resident(4105, "kk")  # subscribed, then unsubscribed from all
    await subscribe(city, "kk", S["kk"]["city"])
    await subscribe(almaly, "ru", S["ru"]["by_district"], H["ru"]["almaly"])
    await subscribe(roads, "kk", S["kk"]["by_topic"], H["kk"]["roads"])
    await subscribe(medeu, "ru", S["ru"]["by_district"], H["ru"]["medeu"])
    await subscribe(quiet, "kk", S["kk"]["city"], S["kk"]["off"])
    admin = await world.resident(ADMIN, language)
    starts = moment(7)
    await create_hearing(admin, language, starts=starts, seats="40")
    before = {p.id: len(p.inbox) for p in (city, almaly, roads, medeu, quiet)}

    await admin.press(H[language]["publish"])
    progress = S[language]["progress"]
    await world.wait_for(lambda: any(m.content == progress for m in admin.inbox), what="progress")

    for person, lang in ((city, "kk"), (almaly, "ru"), (roads, "kk")):
        [announcement] = person.inbox[before[person.id] :]
        assert announcement.content == H[lang]["announced"] + "\n\n" + card(lang, starts, seats=40)
        assert announcement.buttons == [H[lang]["open"]]
    assert len(medeu.inbox) == before[medeu.id] and len(quiet.inbox) == before[quiet.id]
