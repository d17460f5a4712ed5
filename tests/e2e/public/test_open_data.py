"""Part 3: open data (``kenes export --format open311``) carry only needs a moderator
accepted, with the public text the moderator chose when accepting (their own words, a
reply template, or the category's name), the location on a grid of about 100 m and no
address; the moderator's card shows what will be public before they accept."""

from __future__ import annotations

from models import NeedStatus
from tests.e2e.conftest import World
from tests.e2e.desk.kit import BUTTONS, NAMES, ONE, SAY, STATUS, add_template, cards_of, staff
from tests.e2e.needs_kit import change
from tests.e2e.public.kit import (
    CATEGORY_ONLY,
    PRIVATE,
    PUBLIC_LINE,
    ROADS,
    kenes_export,
    posted_need,
)

ASK = {
    "kk": "{name}, {number} өтініші туралы көпшілік не оқи алады? Ашық деректерде және жақын "
    "маңдағы тұрғындарға автордың сөздері емес, осы мәтін көрсетіледі. Үлгіні таңдаңыз, тек "
    "санат атауын қалдырыңыз немесе өз мәтініңізді жазыңыз.",
    "ru": "{name}, что об обращении {number} будет видно всем? В открытых данных и жителям "
    "поблизости показывается этот текст, а не слова автора. Выберите шаблон ответа, только "
    "название категории или напишите свой текст.",
}
CHOICES = {
    "kk": ["📄 Жол жөндеу жоспарына енгізілді", "🏷 Тек санат атауы", "✍️ Өзім жазамын",
           "✖️ Тоқтату"],
    "ru": ["📄 Включено в план ремонта дорог", "🏷 Только название категории",
           "✍️ Написать свой вариант", "✖️ Остановить"],
}  # fmt: skip
PROMPT = {
    "kk": "{name}, бұл өтініш туралы көпшілікке көрінетін мәтінді жазыңыз (3-тен 500 таңбаға "
    "дейін): мәселе мен орны, автордың аты-жөні, телефон нөмірі мен пәтер нөмірінсіз. Осы "
    "хабарламаға жауап ретінде жіберіңіз.",
    "ru": "{name}, напишите, что об этом обращении будет видно всем (от 3 до 500 символов): "
    "проблему и место, без имени автора, номера телефона и квартиры. Отправьте ответом на это "
    "сообщение.",
}
OWN = "Яма на проезжей части, ул. Абая / ул. Тулебаева"
TEMPLATE = {"kk": "Жол жөндеу жоспарына енгізілді", "ru": "Включено в план ремонта дорог"}


async def test_open_data_publishes_only_accepted_needs_with_the_public_summary(
    world: World, language: str
) -> None:
    desk = await staff(world, language)
    await add_template(world, TEMPLATE["kk"], TEMPLATE["ru"])
    author = await world.resident(1001, language)
    place = {"latitude": 43.238949, "longitude": 76.889709}
    own, template, category, in_progress, resolved, rejected, _new = [
        await posted_need(world, author.id, description=PRIVATE, **place) for _ in range(7)
    ]
    [card] = await cards_of(world, own.number)
    public = PUBLIC_LINE[language]
    assert public.format(text=CATEGORY_ONLY[language]) in card.content.splitlines()

    [ask] = await desk.one.press(BUTTONS[language]["acc"], card)
    assert ask.content == ASK[language].format(name=NAMES[ONE], number=own.number)
    assert ask.buttons == CHOICES[language]
    [prompt] = await desk.one.press(CHOICES[language][2], ask)
    assert prompt.content == PROMPT[language].format(name=NAMES[ONE])
    [done] = await desk.one.send(OWN)
    assert done.content == SAY[language]["done"].format(
        number=own.number, status=STATUS[language]["accepted"]
    )
    [card] = await cards_of(world, own.number)
    assert public.format(text=OWN) in card.content.splitlines()
    for need, choice in [(template, 0), (category, 1), (resolved, 1)]:
        [card] = await cards_of(world, need.number)
        await desk.one.press(BUTTONS[language]["acc"], card)
        await desk.one.press(CHOICES[language][choice])
    [card] = await cards_of(world, in_progress.number)
    await desk.one.press(BUTTONS[language]["wrk"], card)
    await change(world, resolved.id, NeedStatus.RESOLVED, comment="Жол жөнделді")
    await change(world, rejected.id, NeedStatus.REJECTED, comment="Түсініксіз")

    requests = await kenes_export(world, "--format", "open311", "--dry-run")

    assert [r["service_request_id"] for r in requests] == [
        need.number for need in (own, template, category, in_progress, resolved)
    ]
    assert [r["description"] for r in requests] == [
        OWN,
        TEMPLATE[language],
        ROADS[language],
        ROADS[language],
        ROADS[language],
    ]
    assert [r["status"] for r in requests] == ["open", "open", "open", "open", "closed"]
    assert {(r["address"], r["lat"], r["long"]) for r in requests} == {(None, 43.239, 76.89)}
    assert {r["service_name"] for r in requests} == {ROADS[language]}
    flat = str(requests)
    for private in ("Иванов", "кв. 12", "701", "Яма у моего дома", "Абая, 10"):
        assert private not in flat
