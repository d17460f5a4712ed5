"""The SDG 16.7.2 pulse, in Kazakh and Russian: when its quarter's window is open, Kenes
sends the two questions to every resident who allows announcements; residents answer with
the buttons; /pulse shows the indicator for the city and by district (small districts
folded) with the change from the previous quarter, equal to the values worked out by hand
below, and the export function gives the same numbers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert

from bot.database import create_engine, create_sessionmaker
from models import Broadcast, BroadcastState, PulseItem, Resident, utcnow
from models.repositories import poll_answers
from playground.emulator import Emulator, Limits, Message
from playground.people import Person
from playground.runner import emulator_server, running_kenes
from services import polls, pulse_results
from services.polls import NewPoll
from services.pulse import previous_quarter, quarter_of
from tests.conftest import make_settings
from tests.e2e.conftest import World
from tests.e2e.polls_kit import ADMIN, LANGUAGES, STAFF_SETTINGS, wait_for_inbox

TZ_NAME = "Asia/Almaty"
SCALE = {
    "kk": ["Мүлдем мүмкіндік бермейді", "Өте аз", "Белгілі бір дәрежеде", "Едәуір дәрежеде",
           "Өте жоғары дәрежеде"],
    "ru": ["Совсем не позволяет", "Очень мало", "В некоторой степени", "В значительной степени",
           "В очень большой степени"],
}  # fmt: skip
HEADER = {
    "kk": "📈 Әкімдіктің тоқсандық сұрағы ({number}/2)",
    "ru": "📈 Ежеквартальный вопрос акимата ({number} из 2)",
}
QUESTION = {
    "kk": {
        PulseItem.SAY: "Сіздің ойыңызша, Қазақстанның саяси жүйесі сіз сияқты адамдарға "
        "үкіметтің атқаратын ісіне қатысты өз сөзін айтуға қаншалықты мүмкіндік береді?",
        PulseItem.INFLUENCE: "Сіздің ойыңызша, Қазақстанның саяси жүйесі сіз сияқты адамдарға "
        "саясатқа ықпал етуге қаншалықты мүмкіндік береді?",
    },
    "ru": {
        PulseItem.SAY: "Как Вы считаете, в какой мере политическая система Казахстана "
        "позволяет таким людям, как Вы, иметь право голоса в том, что делает правительство?",
        PulseItem.INFLUENCE: "Как Вы считаете, в какой мере политическая система Казахстана "
        "позволяет таким людям, как Вы, влиять на политику?",
    },
}

# Who lives where, and what they answer now (position on the scale, 0 = "Not at all";
# None: did not answer). Almaly 5, Medeu 4, Auezov 3, Turksib 1, unknown 2.
TOWN: dict[int, tuple[str | None, int, int | None]] = {
    7001: ("almaly", 0, 0),
    7002: ("almaly", 1, 0),
    7003: ("almaly", 2, 1),
    7004: ("almaly", 3, 2),
    7005: ("almaly", 4, None),
    7006: ("medeu", 1, 2),
    7007: ("medeu", 1, 3),
    7008: ("medeu", 2, 4),
    7009: ("medeu", 0, 4),
    7010: ("auezov", 2, 0),
    7011: ("auezov", 2, 1),
    7012: ("auezov", 3, 1),
    7013: ("turksib", 4, 2),
    7014: (None, 0, 3),
    7015: (None, 1, None),
}
# The previous quarter, seeded: residents 7001-7010 (Almaly 4, Medeu 3, Auezov 3).
BEFORE: dict[int, tuple[int, int]] = {
    7001: (2, 2), 7002: (3, 3), 7003: (0, 4), 7004: (1, 0),  # Almaly
    7006: (0, 2), 7007: (0, 3), 7008: (1, 4),  # Medeu
    7009: (2, 0), 7010: (2, 0), 7011: (0, 1),  # "Auezov": 7009 answered from Auezov then
}  # fmt: skip
BEFORE_DISTRICT = {7009: "auezov"}


def language_of(telegram_id: int) -> str:
    return "kk" if telegram_id % 2 else "ru"


@dataclass
class PulseWorld:
    world: World
    quarter: str


async def seed(url: str, now: datetime) -> str:
    """The residents (consented, their districts chosen) and last quarter's pulse with its
    answers, written before Kenes starts; the current quarter."""
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    rows = [
        {"telegram_id": i, "language": language_of(i), "consent_at": now, "district": d}
        for i, (d, _say, _influence) in TOWN.items()
    ]
    quarter = quarter_of(now.astimezone(make_settings().tz).date())
    earlier = previous_quarter(quarter)
    async with sessionmaker() as session, session.begin():
        await session.execute(insert(Resident), rows)
        ids = {r.telegram_id: r.id for r in (await session.execute(Resident.__table__.select()))}
        broadcast = Broadcast(kind="poll", subject_id=None, state=BroadcastState.DONE)
        session.add(broadcast)
        await session.flush()
        for index, item in enumerate((PulseItem.SAY, PulseItem.INFLUENCE)):
            new = NewPoll(
                "?", "?", ("1", "2", "3", "4", "5"), ("1", "2", "3", "4", "5"), False, "all",
                None, "closed", now - timedelta(days=100), now - timedelta(days=86), TZ_NAME,
                pulse_quarter=earlier, pulse_item=item,
            )  # fmt: skip
            poll = await polls.add(
                session, new, created_by=None, progress_chat_id=None, progress_language=None
            )
            poll.broadcast_id = broadcast.id  # sent, and its results too, long ago
            poll.results_broadcast_id = broadcast.id
            for telegram_id, answers in BEFORE.items():
                district = BEFORE_DISTRICT.get(telegram_id, TOWN[telegram_id][0])
                await poll_answers.save(
                    session, poll.id, ids[telegram_id], frozenset({answers[index]}),
                    district=district, now=now - timedelta(days=95),
                )  # fmt: skip
    await engine.dispose()
    return quarter


@pytest.fixture
async def pulse_world(sqlite_url: str) -> AsyncIterator[PulseWorld]:
    now = utcnow()
    settings = make_settings(database_url=sqlite_url, **STAFF_SETTINGS)
    local = now.astimezone(settings.tz)
    # This month is a pulse month, from its first day, for 60 days: the window is open now.
    settings = settings.model_copy(
        update={
            "pulse_enabled": True,
            "pulse_months": [local.month],
            "pulse_day": 1,
            "pulse_hour": 0,
            "pulse_open_days": 60,
        }
    )
    quarter = await seed(sqlite_url, now)
    emulator = Emulator(limits=Limits(per_bot=None))
    for telegram_id in TOWN:
        user = emulator.user(telegram_id, language_code=language_of(telegram_id))
        user.started = True
        emulator.private_chat(user)
    async with (
        emulator_server(emulator) as server,
        running_kenes(settings, emulator, server.url) as kenes,
    ):
        yield PulseWorld(World(emulator, kenes.tracker, kenes, server), quarter)


def question(person: Person, number: int) -> Message:
    header = HEADER[language_of(person.id)].format(number=number)
    [message] = [m for m in person.inbox if m.content.startswith(header)]
    return message


QUARTER = {"kk": "{year} жылғы {number}-тоқсан", "ru": "{number}-й квартал {year}\xa0г."}
PERCENT = {"kk": "{}%", "ru": "{}\xa0%"}
TEXT = {
    "kk": {
        "title": "📈 ТДМ 16.7.2 пульсі, {quarter}",
        "about": "«Белгілі бір дәрежеде», «Едәуір дәрежеде» немесе «Өте жоғары дәрежеде» деп "
        "жауап бергендердің үлесі. Жауап берушілер — «Кеңес» ботында өз еркімен жауап берген "
        "тұрғындар, қала халқының репрезентативті іріктемесі емес.",
        "changes": "Өзгерістер алдыңғы тоқсанмен ({quarter}) салыстырғанда пайыздық тармақпен "
        "берілген.",
        "say": "Үкіметтің ісіне қатысты өз сөзін айту (барлығын қамтитын шешім қабылдау)",
        "influence": "Саясатқа ықпал ету (жедел шешім қабылдау)",
        "line": "{name}: {share} ({respondents} адамнан {positive})",
        "change": " · {change} пайыздық тармақ",
        "city": "Қала бойынша",
        "almaly": "Алмалы ауданы",
        "medeu": "Медеу ауданы",
        "auezov": "Әуезов ауданы",
        "other": "Басқа аудандар",
        "hidden": "Жауап берген тұрғындары 3 адамнан аз аудандар жеке көрсетілмейді.",
    },
    "ru": {
        "title": "📈 Пульс ЦУР 16.7.2, {quarter}",
        "about": "Доля ответивших «В некоторой степени», «В значительной степени» или «В "
        "очень большой степени». Респонденты бота «Кеңес» — жители, которые сами решили ответить, "
        "а не репрезентативная выборка населения города.",
        "changes": "Изменения указаны в процентных пунктах относительно предыдущего квартала "
        "({quarter}).",
        "say": "Право голоса в том, что делает правительство (всеобъемлющее принятие решений)",
        "influence": "Влияние на политику (гибкое принятие решений)",
        "line": "{name}: {share} ({positive} из {respondents})",
        "change": " · {change}\xa0п.\xa0п.",
        "city": "Город",
        "almaly": "Алмалинский район",
        "medeu": "Медеуский район",
        "auezov": "Ауэзовский район",
        "other": "Другие районы",
        "hidden": "Районы, где число ответивших меньше 3, отдельно не показываются.",
    },
}


def label(quarter: str, language: str) -> str:
    return QUARTER[language].format(year=quarter[:4], number=int(quarter[5:]))


def line(
    language: str, name: str, share: str, positive: int, respondents: int, change: str | None
) -> str:
    t = TEXT[language]
    text = t["line"].format(
        name=t[name],
        share=PERCENT[language].format(share),
        positive=positive,
        respondents=respondents,
    )
    return text + (t["change"].format(change=change) if change else "")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_pulse_indicator_equals_the_hand_count(
    pulse_world: PulseWorld, language: str
) -> None:
    world = pulse_world.world
    people = {i: world.person(i, language_of(i)) for i in TOWN}
    for person in people.values():
        await wait_for_inbox(person, 2)  # the two questions, and nothing else
        assert len(person.inbox) == 2
    for telegram_id, person in people.items():
        code = language_of(telegram_id)
        for number, item in ((1, PulseItem.SAY), (2, PulseItem.INFLUENCE)):
            message = question(person, number)
            assert message.content.startswith(
                HEADER[code].format(number=number) + "\n" + QUESTION[code][item] + "\n\n"
            )
            assert message.buttons == [f"{n}. {text}" for n, text in enumerate(SCALE[code], 1)]
    for telegram_id, (_district, say, influence) in TOWN.items():
        code = language_of(telegram_id)
        for number, position in ((1, say), (2, influence)):
            if position is not None:
                message = question(people[telegram_id], number)
                await people[telegram_id].press(
                    f"{position + 1}. {SCALE[code][position]}", message
                )

    # Worked out by hand. "Some", "A lot", "A great deal" (positions 2, 3, 4) count.
    # Say, now: Almaly 0,1,2,3,4 -> 3 of 5 = 60 %; Medeu 1,1,2,0 -> 1 of 4 = 25 %;
    # Auezov 2,2,3 -> 3 of 3 = 100 %; Turksib (1) and unknown (2) together: 4,0,1 -> 1 of 3
    # = 33.3 %; city: 3 + 1 + 3 + 1 = 8 of 15 = 53.3 %.
    # Say, before: city 2 + 0 + 2 = 4 of 10 = 40 % -> +13.3 p.p.; Almaly 2,3,0,1 -> 2 of 4 =
    # 50 % -> +10.0; Medeu 0,0,1 -> 0 % -> +25.0; Auezov 2,2,0 -> 2 of 3 = 66.7 % -> +33.3.
    # Influence, now: Almaly 0,0,1,2 (one did not answer) -> 1 of 4 = 25 %; Medeu 2,3,4,4 ->
    # 4 of 4 = 100 %; Turksib 2 and unknown 3 are 2 < 3 residents, so Auezov (the smallest
    # shown, 0,1,1) joins them: other districts 0,1,1,2,3 -> 2 of 5 = 40 %; city (13
    # answered) 1 + 4 + 0 + 1 + 1 = 7 of 13 = 53.8 %.
    # Influence, before: city 3 + 3 + 0 = 6 of 10 = 60 % -> 53.8 − 60 = −6.2 p.p.; Almaly
    # 2,3,4,0 -> 75 % -> −50.0; Medeu 2,3,4 -> 100 % -> 0.0.
    moderator = await world.resident(ADMIN, language)
    [report] = await moderator.send("/pulse")

    t = TEXT[language]

    def d(value: str) -> str:  # both languages write a decimal comma
        return value.replace(".", ",")

    say_lines = "\n".join(
        [
            t["say"],
            line(language, "city", d("53.3"), 8, 15, d("+13.3")),
            line(language, "almaly", "60", 3, 5, d("+10.0")),
            line(language, "medeu", "25", 1, 4, d("+25.0")),
            line(language, "auezov", "100", 3, 3, d("+33.3")),
            line(language, "other", d("33.3"), 1, 3, None),
        ]
    )
    influence_lines = "\n".join(
        [
            t["influence"],
            line(language, "city", d("53.8"), 7, 13, d("−6.2")),
            line(language, "almaly", "25", 1, 4, d("−50.0")),
            line(language, "medeu", "100", 4, 4, d("0.0")),
            line(language, "other", "40", 2, 5, None),
        ]
    )
    quarter = pulse_world.quarter
    assert report.content == "\n\n".join(
        [
            t["title"].format(quarter=label(quarter, language)),
            t["about"],
            t["changes"].format(quarter=label(previous_quarter(quarter), language)),
            say_lines,
            influence_lines,
            t["hidden"],
        ]
    )

    async with world.kenes.sessionmaker() as session:
        rows = await pulse_results.pulse_aggregates(session, min_cell=3)
    city = {
        (row.quarter, row.item): (row.respondents, row.counts, row.positive, row.share)
        for row in rows
        if row.district == "all"
    }
    assert city[(quarter, "say")] == (15, (3, 4, 4, 2, 2), 8, 8 / 15)
    assert city[(quarter, "influence")] == (13, (3, 3, 3, 2, 2), 7, 7 / 13)
    assert city[(previous_quarter(quarter), "say")] == (10, (4, 2, 3, 1, 0), 4, 4 / 10)
    districts = {(r.quarter, r.item, r.district) for r in rows if r.quarter == quarter}
    assert districts == {
        (quarter, "say", d) for d in ("all", "almaly", "medeu", "auezov", "other")
    } | {(quarter, "influence", d) for d in ("all", "almaly", "medeu", "other")}
