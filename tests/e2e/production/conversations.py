"""Conversations the production tests drive through real processes, step by step.

A conversation is a list of steps (what the person does, what they must see) and a check of
what ends up in the database. The multi-instance, kill -9 and outage tests take any
conversation, so a longer flow (the need flow) plugs in by adding a function here that
returns a :class:`Conversation`, and its name to ``CONVERSATIONS``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Need, Resident
from playground.emulator import Message
from playground.people import Person
from tests.e2e.conftest import AGREE_BUTTON, LANGUAGE_BUTTON, MENU
from tests.e2e.needs_kit import REGISTERED, T

Act = Callable[[Person], Awaitable[list[Message]]]
Expect = Callable[[Person, list[Message]], None]
Stored = Callable[[AsyncSession, Person], Awaitable[None]]


@dataclass
class Step:
    name: str
    act: Act
    expect: Expect


@dataclass
class Conversation:
    name: str
    language: str
    steps: list[Step]
    stored: Stored  # asserts what the database holds once every step is done


WELCOME = {"kk": "Сәлеметсіз бе! Бұл — «Кеңес»", "ru": "Здравствуйте! Это «Кеңес»"}
CONSENT = {
    "kk": "Дербес деректерді өңдеуге келісім",
    "ru": "Согласие на обработку персональных данных",
}
THANKS = {"kk": "Рақмет!", "ru": "Спасибо!"}
GREETING = {
    "kk": "Сәлеметсіз бе! Төмендегі мәзірден қажетті бөлімді таңдаңыз.",
    "ru": "Здравствуйте! Выберите нужный раздел в меню ниже.",
}


def _one_starting_with(prefix: str) -> Expect:
    def expect(person: Person, replies: list[Message]) -> None:
        assert len(replies) == 1, [reply.content for reply in replies]
        assert replies[0].content.startswith(prefix), replies[0].content

    return expect


def first_conversation(language: str) -> Conversation:
    """/start → language → consent → main menu, then /start once more."""

    def menu_shown(person: Person, replies: list[Message]) -> None:
        _one_starting_with(THANKS[language])(person, replies)
        assert person.keyboard == MENU[language]

    async def stored(session: AsyncSession, person: Person) -> None:
        rows = (await session.scalars(select(Resident))).all()
        assert [(r.telegram_id, r.language) for r in rows] == [(person.id, language)]
        assert rows[0].consent_at is not None

    return Conversation(
        "first conversation",
        language,
        [
            Step("start", lambda p: p.send("/start"), _one_starting_with(WELCOME[language])),
            Step(
                "language",
                lambda p: p.press("✅ " + LANGUAGE_BUTTON[language]),
                _one_starting_with(CONSENT[language]),
            ),
            Step("consent", lambda p: p.press(AGREE_BUTTON[language]), menu_shown),
            Step(
                "start again", lambda p: p.send("/start"), _one_starting_with(GREETING[language])
            ),
        ],
        stored,
    )


NEED_ADDRESS = "ул. Абая, 10"
NEED_DESCRIPTION = "Большая яма на дороге возле дома, машины объезжают по тротуару"


def need_flow(language: str) -> Conversation:
    """The first conversation, then a need from the menu to its reference number: the draft
    lives in the FSM storage between steps, wherever each step lands."""
    texts = T[language]
    start = first_conversation(language)

    def shows(expected: str) -> Expect:
        return _one_starting_with(expected)

    def registered(person: Person, replies: list[Message]) -> None:
        assert len(replies) == 1, [reply.content for reply in replies]
        assert REGISTERED[language].fullmatch(replies[0].content), replies[0].content

    def intro_then_category(person: Person, replies: list[Message]) -> None:
        assert [reply.content for reply in replies] == [texts["intro"], texts["category"]]

    async def stored(session: AsyncSession, person: Person) -> None:
        await start.stored(session, person)
        needs = (await session.scalars(select(Need))).all()
        assert [(n.category, n.district, n.address, n.description) for n in needs] == [
            ("roads", "almaly", NEED_ADDRESS, NEED_DESCRIPTION)
        ]

    return Conversation(
        "need flow",
        language,
        [
            *start.steps[:3],
            Step("report", lambda p: p.tap(texts["report"]), intro_then_category),
            Step("category", lambda p: p.press(texts["roads"]), shows(texts["district"])),
            Step("district", lambda p: p.press(texts["almaly"]), shows(texts["place"])),
            Step("place", lambda p: p.send(NEED_ADDRESS), shows(texts["description"])),
            Step("description", lambda p: p.send(NEED_DESCRIPTION), shows(texts["photos"])),
            Step("photos", lambda p: p.press(texts["skip"]), shows(texts["confirm"])),
            Step("send", lambda p: p.press(texts["send"]), registered),
        ],
        stored,
    )


CONVERSATIONS: dict[str, Callable[[str], Conversation]] = {
    "first conversation": first_conversation,
    "need flow": need_flow,
}


async def play(conversation: Conversation, person: Person, steps: slice = slice(None)) -> None:
    for step in conversation.steps[steps]:
        replies = await step.act(person)
        try:
            step.expect(person, replies)
        except AssertionError as error:
            raise AssertionError(f"step {step.name!r}: {error}") from error
