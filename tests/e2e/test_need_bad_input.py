"""Every kind of bad input in the need flow gets a clear answer in the resident's language,
and the resident keeps their place: nothing typed before is lost, nothing is sent twice."""

from __future__ import annotations

import pytest

from models import NeedPhoto
from playground.people import Person
from tests.e2e.conftest import World
from tests.e2e.needs_kit import (
    ADDRESS,
    DESCRIPTION,
    LANGUAGES,
    T,
    count,
    needs_of,
    reach,
)

BAD = {
    "kk": {
        "short_address": "Мекенжай тым қысқа. Көше мен үй нөмірін не бағдарды жазыңыз.",
        "emoji_address": "Мекенжайды әріптер мен сандармен жазыңыз: көше, үй нөмірі.",
        "long_description": "Сипаттама тым ұзын: 5 000 таңба, ал ең көбі 2 000 таңба "
        "қабылданады. Қысқартып, қайта жіберіңіз; бұған дейінгі жауаптарыңыз сақталған.",
        "short_description": "Сипаттама тым қысқа. Мәселені кемінде 10 таңбамен сипаттаңыз: не "
        "болды және қай жерде.",
        "emoji_description": "Мәселені эмодзи не таңбалармен ғана емес, сөзбен сипаттаңыз.",
        "not_a_photo": "Бұл қадамда фотосуретті файл не стикер түрінде емес, сурет ретінде "
        "жіберу керек. Фотосурет жіберіңіз немесе төмендегі батырманы басыңыз.",
        "large_photo": "Бұл фотосурет тым үлкен: 6 МБ, ал ең көбі 5 МБ қабылданады. Кішірек "
        "фотосурет жіберіңіз.",
        "fourth_photo": "Бір өтінішке ең көбі 3 фотосурет қосуға болады, сондықтан бұл "
        "фотосурет қосылмады. Жалғастыру үшін «Дайын» батырмасын басыңыз.",
        "outside": "Бұл нүкте қала шегінен тыс (Алматы): «Кеңес» тек осы қала бойынша "
        "өтініш қабылдайды. Қала ішіндегі нүктені жіберіңіз немесе мекенжайды жазыңыз.",
        "already_sent": "Бұл өтініш жіберіліп қойған, оның нөмірі: {number}.",
    },
    "ru": {
        "short_address": "Адрес слишком короткий. Пожалуйста, укажите улицу и номер дома или "
        "ориентир.",
        "emoji_address": "Пожалуйста, напишите адрес буквами и цифрами: улица, номер дома.",
        "long_description": "Описание слишком длинное: 5 000 символов, а принимается не больше "
        "2 000. Пожалуйста, сократите его и отправьте ещё раз; предыдущие ответы сохранены.",
        "short_description": "Описание слишком короткое. Пожалуйста, опишите проблему хотя бы в "
        "10 символах: что случилось и где.",
        "emoji_description": "Пожалуйста, опишите проблему словами, а не только эмодзи или "
        "символами.",
        "not_a_photo": "Здесь нужна фотография, отправленная как изображение, а не как файл "
        "или стикер. Отправьте фотографию или нажмите кнопку ниже.",
        "large_photo": "Эта фотография слишком большая: 6 МБ, а принимается не больше 5 МБ. "
        "Пожалуйста, отправьте фотографию поменьше.",
        "fourth_photo": "К обращению можно приложить не больше 3 фотографий, поэтому эта "
        "фотография не добавлена. Чтобы продолжить, нажмите «Готово».",
        "outside": "Эта точка за пределами города (Алматы): «Кеңес» принимает обращения "
        "только по этому городу. Пожалуйста, отправьте точку в черте города или напишите адрес.",
        "already_sent": "Это обращение уже отправлено под номером {number}.",
    },
}


def normalised(text: str) -> str:
    """Babel groups thousands with a (narrow) no-break space; compare with a plain one."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


async def finish(person: Person, language: str) -> None:
    """From the photos question on: skip photos and send."""
    await person.press(T[language]["skip"])
    await person.press(T[language]["send"])


@pytest.mark.parametrize("language", LANGUAGES)
async def test_text_where_a_button_was_expected_asks_again(world: World, language: str) -> None:
    texts = T[language]
    person = await world.resident(4001, language)
    await reach(person, language, "category")

    explanation, question = await person.send("дороги")

    assert explanation.content == texts["unexpected"]
    assert question.content == texts["category"]
    [next_question] = await person.press(texts["roads"], question)
    assert next_question.content == texts["district"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("address", ["5", "🏠🏠🏠"])
async def test_a_one_character_or_emoji_address_is_refused(
    world: World, language: str, address: str
) -> None:
    texts = T[language]
    person = await world.resident(4002, language)
    await reach(person, language, "place")

    [reply] = await person.send(address)

    key = "short_address" if address == "5" else "emoji_address"
    assert reply.content == BAD[language][key]
    [question] = await person.send(ADDRESS)  # still on the same step
    assert question.content == texts["description"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("я" * 5000, "long_description"),
        ("яма", "short_description"),
        ("😡" * 12, "emoji_description"),
    ],
)
async def test_a_bad_description_is_explained_and_the_step_kept(
    world: World, language: str, text: str, key: str
) -> None:
    texts = T[language]
    person = await world.resident(4003, language)
    await reach(person, language, "description")

    [reply] = await person.send(text)

    assert normalised(reply.content) == BAD[language][key]
    [question] = await person.send(DESCRIPTION)
    assert question.content == texts["photos"]
    await finish(person, language)
    [need] = await needs_of(world, 4003)
    assert (need.address, need.description) == (ADDRESS, DESCRIPTION)  # nothing was lost


@pytest.mark.parametrize("language", LANGUAGES)
async def test_html_and_markdown_in_the_description_are_shown_as_typed(
    world: World, language: str
) -> None:
    texts = T[language]
    person = await world.resident(4004, language)
    await reach(person, language, "description")
    typed = "<b>Яма</b> у дома </a> & *звёзды* _курсив_ [ссылка](http://x.kz) <script>"

    await person.send(typed)
    [card] = await person.press(texts["skip"])

    assert typed in card.content  # shown literally: nothing was parsed as markup
    assert card.html is not None and "&lt;b&gt;Яма&lt;/b&gt;" in card.html
    await person.press(texts["send"])
    [need] = await needs_of(world, 4004)
    assert need.description == typed


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_location_outside_the_city_is_refused_with_a_reason(
    world: World, language: str
) -> None:
    texts = T[language]
    person = await world.resident(4005, language)
    await reach(person, language, "place")

    [reply] = await person.share_location(51.128, 71.430)  # Astana

    assert reply.content == BAD[language]["outside"]
    [question] = await person.share_location(43.238, 76.889)
    assert question.content == texts["description"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("send", ["send_document", "send_sticker", "send"])  # voice: test_voice
async def test_only_photos_are_taken_at_the_photo_step(
    world: World, language: str, send: str
) -> None:
    texts = T[language]
    person = await world.resident(4006, language)
    await reach(person, language, "photos")
    await person.send_photo()

    action = getattr(person, send)
    [reply] = await (action("вот фото") if send == "send" else action())

    assert reply.content == BAD[language]["not_a_photo"]
    assert reply.buttons == [texts["done"]]
    [card] = await person.press(texts["done"], reply)
    assert card.content.startswith(texts["confirm"])
    assert card.content.endswith(": 1")  # the one real photo


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_photo_over_the_size_limit_and_a_fourth_photo_are_refused(
    world: World, language: str
) -> None:
    texts = T[language]
    person = await world.resident(4007, language)
    await reach(person, language, "photos")

    [too_large] = await person.send_photo(size=6 * 1024 * 1024)
    assert too_large.content == BAD[language]["large_photo"]
    assert too_large.buttons == [texts["skip"]]
    for _ in range(3):
        await person.send_photo()
    [fourth] = await person.send_photo()
    assert fourth.content == BAD[language]["fourth_photo"]

    await person.press(texts["done"], fourth)
    await person.press(texts["send"])
    assert await count(world, NeedPhoto) == 3
