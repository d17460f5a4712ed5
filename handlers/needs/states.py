from __future__ import annotations

from typing import Any, TypedDict

from aiogram.fsm.state import State, StatesGroup

from services.needs import NewNeed
from services.voice import Voice


class NeedFlow(StatesGroup):
    category = State()
    district = State()
    place = State()
    description = State()
    voice_added = State()  # a voice message taken: a text may follow, or Next
    photos = State()
    duplicate = State()
    confirm = State()
    edit = State()


class Draft(TypedDict, total=False):
    """The need being written, kept in the FSM storage (JSON) until it is sent."""

    key: str  # idempotency key: one need per draft, however often Send is pressed
    category: str
    district: str
    address: str | None
    latitude: float | None
    longitude: float | None
    description: str  # "" when a voice message says it all
    voice: dict[str, Any] | None  # services.voice.Voice.to_draft()
    photos: list[str]
    editing: bool  # changing one field from the confirmation card
    duplicate_checked: bool
    duplicate_id: int


def draft_of(data: dict[str, Any]) -> NewNeed:
    return NewNeed(
        draft_key=data["key"],
        category=data["category"],
        district=data["district"],
        description=data["description"],
        address=data.get("address"),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        photos=tuple(data.get("photos", [])),
        voice=Voice.from_draft(data.get("voice")),
    )
