"""What residents and staff see of polls, in both languages, and the steps the poll tests
share: a moderator walks the creation flow, residents wait for the invitation. The texts
are written out here, not taken from the catalogs, so a test fails when the bot says
something else."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.i18n import format_datetime
from models import Poll, PollAnswer, PollChoice, Resident
from playground.people import Person
from tests.e2e.broadcasting import wait_until
from tests.e2e.conftest import World

ADMIN = 900
# The moderator types faster than a person could: no flood control in the way.
STAFF_SETTINGS = {"admin_ids": [ADMIN], "flood_burst": 200}
LANGUAGES = ("kk", "ru")

T: dict[str, dict[str, str]] = {
    "kk": {
        "header": "🗳 Әкімдік сауалнамасы",
        "choose_one": "Төмендегі батырмалармен бір жауапты таңдаңыз.",
        "choose_many": "Төмендегі батырмалармен бір немесе бірнеше жауапты белгілеп, "
        "«✔️ Дайын» батырмасын басыңыз.",
        "open_until": "Жабылатын уақыты: {date}.",
        "your_answer": "✅ Сіздің жауабыңыз: {numbers}",
        "can_change": "Жауабыңызды сауалнама жабылғанға дейін өзгерте аласыз: {date}.",
        "closed_on": "🔒 Сауалнама жабылды: {date}.",
        "later": "📊 Нәтижелер сауалнама жабылғанда көрсетіледі.",
        "by_district": "Аудандар бойынша (жауап берген тұрғындар саны):",
        "hidden": "Жауап берген тұрғындары 3 адамнан аз аудандар жеке көрсетілмейді.",
        "other": "Басқа аудандар",
        "saved": "Рақмет! Жауабыңыз сақталды.",
        "changed": "Жауабыңыз өзгертілді.",
        "closed": "Кешіріңіз, бұл сауалнама жабылды: жауаптар енді қабылданбайды.",
        "not_sent": "Бұл сауалнама сізге жіберілмеген, сондықтан оған жауап бере алмайсыз.",
        "tick": "Кемінде бір жауапты белгілеп, «Дайын» батырмасын басыңыз.",
        "done": "✔️ Дайын",
        "final": "Сіз жауап берген сауалнама жабылды. Қатысқаныңызға рақмет!",
        "one": "☝️ Бір жауап",
        "several": "✅ Бірнеше жауап",
        "all": "🏙 Хабарландыруларға жазылғандардың бәрі",
        "district": "🏘 Бір ауданның тұрғындары",
        "topic": "🏷 Бір тақырыпқа қызығатын тұрғындар",
        "now": "▶️ Қазір",
        "answered": "📊 Жауап бергеннен кейін бірден",
        "closed_only": "🔒 Сауалнама жабылғаннан кейін ғана",
        "publish": "✅ Жариялау",
        "discard": "❌ Жою",
        "published_now": "✅ №{number} сауалнама жарияланды және қазір ашылады.\n"
        "Тұрғындар оны өз тілінде алады; жіберілу барысын осы жерден көресіз.",
        "published_later": "✅ №{number} сауалнама жарияланды. Ашылуы: {date}.\n"
        "Тұрғындар оны өз тілінде алады; жіберілу барысын осы жерден көресіз.",
        "close_now": "⏹ Қазір жабу",
        "close_yes": "⏹ Иә, жабу",
        "closed_by_staff": "Сауалнама жабылды. Оның нәтижелері жауап бергендерге жіберіледі.",
        "polls": "🗳 Сауалнамалар",
        "my_district": "📍 Менің ауданым",
    },
    "ru": {
        "header": "🗳 Опрос акимата",
        "choose_one": "Выберите один ответ кнопками ниже.",
        "choose_many": "Отметьте кнопками ниже один или несколько ответов, затем нажмите "
        "«✔️ Готово».",
        "open_until": "Открыт до {date}.",
        "your_answer": "✅ Ваш ответ: {numbers}",
        "can_change": "Ответ можно изменить до {date}.",
        "closed_on": "🔒 Опрос закрыт {date}.",
        "later": "📊 Результаты будут показаны после закрытия опроса.",
        "by_district": "По районам (число ответивших жителей):",
        "hidden": "Районы, где число ответивших меньше 3, отдельно не показываются.",
        "other": "Другие районы",
        "saved": "Спасибо! Ваш ответ сохранён.",
        "changed": "Ваш ответ изменён.",
        "closed": "Извините, этот опрос закрыт: ответы больше не принимаются.",
        "not_sent": "Этот опрос не был отправлен Вам, поэтому ответить на него нельзя.",
        "tick": "Отметьте хотя бы один ответ, затем нажмите «Готово».",
        "done": "✔️ Готово",
        "final": "Опрос, на который Вы ответили, завершён. Спасибо за участие!",
        "one": "☝️ Один ответ",
        "several": "✅ Несколько ответов",
        "all": "🏙 Все, кто подписан на объявления",
        "district": "🏘 Жители района",
        "topic": "🏷 Жители, которым важна тема",
        "now": "▶️ Сейчас",
        "answered": "📊 Сразу после ответа",
        "closed_only": "🔒 Только после закрытия опроса",
        "publish": "✅ Опубликовать",
        "discard": "❌ Удалить",
        "published_now": "✅ Опрос №{number} опубликован и открывается сейчас.\n"
        "Жители получат его на своём языке; ход рассылки Вы увидите здесь.",
        "published_later": "✅ Опрос №{number} опубликован. Открывается: {date}.\n"
        "Жители получат его на своём языке; ход рассылки Вы увидите здесь.",
        "close_now": "⏹ Закрыть сейчас",
        "close_yes": "⏹ Да, закрыть",
        "closed_by_staff": "Опрос закрыт. Его результаты получат те, кто ответил.",
        "polls": "🗳 Опросы",
        "my_district": "📍 Мой район",
    },
}
PERCENT = {"kk": "{value}%", "ru": "{value}\xa0%"}
# kk: one form after a number; ru: one (1, 21), few (2-4, 22), many (0, 5-20, 25)
RESPONDENTS = {
    "kk": ("📊 Нәтижелер: {count} тұрғын жауап берді",) * 3,
    "ru": (
        "📊 Результаты: ответил {count} житель",
        "📊 Результаты: ответили {count} жителя",
        "📊 Результаты: ответили {count} жителей",
    ),
}
VOTES = {
    "kk": ("{number}. {count} дауыс — {share}",) * 3,
    "ru": (
        "{number}. {count} голос — {share}",
        "{number}. {count} голоса — {share}",
        "{number}. {count} голосов — {share}",
    ),
}


def form(count: int) -> int:
    """0 (one), 1 (few) or 2 (many): the Russian plural form after ``count``."""
    if count % 10 == 1 and count % 100 != 11:
        return 0
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return 1
    return 2


def percent(value: int, language: str) -> str:
    return PERCENT[language].format(value=value)


# Figures of fewer than 3 residents, and those hidden so that none can be worked out
MASKS = {
    "kk": {"few": "3 тұрғыннан аз", "hidden": "жасырылған"},
    "ru": {"few": "меньше 3 жителей", "hidden": "скрыто"},
}
MASKED_RESPONDENTS = {
    "kk": "📊 Нәтижелер: жауап бергендер — {count}",
    "ru": "📊 Результаты: ответили {count}",
}


def results_lines(
    language: str,
    votes: list[int],
    respondents: int,
    districts: Sequence[tuple[str, int, list[int]]] = (),
    *,
    hidden: bool = False,
    masks: dict[tuple[str, int | None], str] | None = None,
) -> list[str]:
    """The results block; ``districts``: (name, respondents, rounded percentages);
    ``masks``: (``city`` or a district's name, an option's number or None for the
    respondents) → ``few`` or ``hidden``, the figures residents do not see."""
    masks = masks or {}
    mask = MASKS[language]
    if ("city", None) in masks:
        lines = [MASKED_RESPONDENTS[language].format(count=mask[masks["city", None]])]
    else:
        lines = [RESPONDENTS[language][form(respondents)].format(count=respondents)]
    for number, count in enumerate(votes, start=1):
        if ("city", number) in masks:
            lines.append(f"{number}. {mask[masks['city', number]]}")
            continue
        share = percent(round(100 * count / respondents) if respondents else 0, language)
        lines.append(VOTES[language][form(count)].format(number=number, count=count, share=share))
    if districts:
        lines += ["", T[language]["by_district"]]
    for name, count, shares in districts:
        parts = ", ".join(
            f"{n} — {mask[masks[name, n]] if (name, n) in masks else percent(v, language)}"
            for n, v in enumerate(shares, start=1)
        )
        shown = mask[masks[name, None]] if (name, None) in masks else count
        lines.append(f"{name} ({shown}): {parts}")
    if hidden:
        lines.append(T[language]["hidden"])
    return lines


@dataclass
class Draft:
    """A poll as a moderator types it."""

    question_kk: str = "Саябақта қандай орындық керек?"
    question_ru: str = "Какие скамейки нужны в парке?"
    options_kk: list[str] = field(default_factory=lambda: ["Ағаш", "Металл", "Тас"])
    options_ru: list[str] = field(
        default_factory=lambda: ["Деревянные", "Металлические", "Каменные"]
    )
    multiple: bool = False
    audience: str = "all"  # all, district, topic
    audience_pick: str | None = None  # the button of the district or topic
    closes_in: timedelta = timedelta(days=3)
    opens: datetime | None = None  # None: “Now”
    visibility: str = "answered"  # answered or closed_only

    def options(self, language: str) -> list[str]:
        return self.options_kk if language == "kk" else self.options_ru

    def question(self, language: str) -> str:
        return self.question_kk if language == "kk" else self.question_ru


def typed(moment: datetime, world: World) -> str:
    return moment.astimezone(world.kenes.settings.tz).strftime("%d.%m.%Y %H:%M")


def closing_moment(world: World, draft: Draft) -> datetime:
    """A whole minute, as a moderator can type it."""
    tz = world.kenes.settings.tz
    return (datetime.now(tz) + draft.closes_in).replace(second=0, microsecond=0)


async def create_poll(
    world: World, moderator: Person, language: str, draft: Draft, *, button: str | None = None
) -> tuple[int, datetime]:
    """Walk the creation flow to the end and publish (opening now); (poll id, closing).
    The flow starts with /newpoll, or with a press of ``button`` (a hearing's staff card)."""
    t = T[language]
    closes = closing_moment(world, draft)
    if button is None:
        await moderator.send("/newpoll")
    else:
        await moderator.press(button)
    await moderator.send(draft.question_kk)
    await moderator.send(draft.question_ru)
    await moderator.send("\n".join(draft.options_kk))
    await moderator.send("\n".join(draft.options_ru))
    await moderator.press(t["several" if draft.multiple else "one"])
    await moderator.press(t[draft.audience])
    if draft.audience_pick is not None:
        await moderator.press(draft.audience_pick)
    if draft.opens is None:
        await moderator.press(t["now"])
    else:
        await moderator.send(typed(draft.opens, world))
    await moderator.send(typed(closes, world))
    await moderator.press(t[draft.visibility])
    # The broadcast may already report its progress (📣) before the press settles.
    published, *progress = await moderator.press(t["publish"])
    assert all(m.content.startswith("📣") for m in progress), progress
    poll_id = await latest_poll_id(world)
    if draft.opens is None:
        assert published.content == t["published_now"].format(number=poll_id)
    else:
        opens = date(world, draft.opens, language)
        assert published.content == t["published_later"].format(number=poll_id, date=opens)
    return poll_id, closes


async def latest_poll_id(world: World) -> int:
    async with world.kenes.sessionmaker() as session, session.begin():
        result = await session.execute(select(Poll.id).order_by(Poll.id.desc()).limit(1))
        return int(result.scalar_one())


async def poll_row(world: World, poll_id: int) -> Poll:
    async with world.kenes.sessionmaker() as session, session.begin():
        poll = await session.get(Poll, poll_id)
        assert poll is not None
        return poll


async def sent_out(world: World, poll_id: int, *, results: bool = False) -> None:
    """Until the poll's invitations (or its results) have all been sent."""
    column = "results_broadcast_id" if results else "broadcast_id"
    broadcast_id: int | None = None
    for _attempt in range(600):
        broadcast_id = getattr(await poll_row(world, poll_id), column)
        if broadcast_id is not None:
            break
        await asyncio.sleep(0.05)
    assert broadcast_id is not None, f"poll {poll_id} was not sent"
    await world.kenes.broadcaster.wait(broadcast_id)  # every message is in the emulator


async def wait_for_inbox(person: Person, count: int) -> None:
    await wait_until(lambda: len(person.inbox) >= count, f"{count} messages for {person.id}")


async def answers(world: World, poll_id: int) -> dict[int | None, list[int]]:
    """Telegram id -> chosen option positions, from the database."""
    async with world.kenes.sessionmaker() as session, session.begin():
        result = await session.execute(
            select(Resident.telegram_id, PollChoice.position)
            .join(PollAnswer, PollAnswer.resident_id == Resident.id)
            .join(PollChoice, PollChoice.answer_id == PollAnswer.id)
            .where(PollAnswer.poll_id == poll_id)
            .order_by(Resident.telegram_id, PollChoice.position)
        )
        chosen: dict[int | None, list[int]] = {}
        for resident_id, position in result.all():
            chosen.setdefault(resident_id, []).append(position)
        return chosen


def date(world: World, moment: datetime, language: str) -> str:
    return format_datetime(moment, language, world.kenes.settings.tz)


def invitation(world: World, draft: Draft, language: str, closes: datetime) -> str:
    t = T[language]
    options = [f"{n}. {text}" for n, text in enumerate(draft.options(language), start=1)]
    return "\n".join(
        [
            t["header"],
            draft.question(language),
            "",
            *options,
            "",
            t["choose_many" if draft.multiple else "choose_one"],
            t["open_until"].format(date=date(world, closes, language)),
        ]
    )


def card(
    world: World,
    draft: Draft,
    language: str,
    closes: datetime,
    *,
    chosen: list[int],
    results: list[str] | None,
    closed: bool = False,
) -> str:
    """The card after answering (or once closed): the answer, and the results or when."""
    t = T[language]
    options = [f"{n}. {text}" for n, text in enumerate(draft.options(language), start=1)]
    lines = [t["header"], draft.question(language), "", *options, ""]
    when = date(world, closes, language)
    if chosen:
        lines.append(t["your_answer"].format(numbers=", ".join(str(c + 1) for c in chosen)))
    if closed:
        lines.append(t["closed_on"].format(date=when))
    elif chosen:
        lines.append(t["can_change"].format(date=when))
    else:
        lines += [
            t["choose_many" if draft.multiple else "choose_one"],
            t["open_until"].format(date=when),
        ]
    if results is not None:
        lines += ["", *results]
    elif chosen:
        lines += ["", t["later"]]
    return "\n".join(lines)


def option_buttons(draft: Draft, language: str, chosen: frozenset[int] = frozenset()) -> list[str]:
    buttons = [
        ("✅ " if n - 1 in chosen else "") + f"{n}. {text}"
        for n, text in enumerate(draft.options(language), start=1)
    ]
    return [*buttons, T[language]["done"]] if draft.multiple else buttons
