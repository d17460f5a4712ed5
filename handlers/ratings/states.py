from __future__ import annotations

from typing import TypedDict

from aiogram.fsm.state import State, StatesGroup


class RateFlow(StatesGroup):
    service = State()
    district = State()
    score = State()
    comment = State()


class RatingDraft(TypedDict, total=False):
    service: str
    district: str
    score: int
