"""Re-asking the current question of a multi-step flow.

Each flow registers, per state, the function that asks that state's question. When the
resident sends something the flow did not expect, sends /start in the middle, or comes back
after an error, Kenes asks the same question again instead of losing their place.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Message

Prompt = Callable[[Message, FSMContext, dict[str, Any]], Awaitable[None]]

_prompts: dict[str, Prompt] = {}


def prompt_for(*states: State) -> Callable[[Prompt], Prompt]:
    def register(prompt: Prompt) -> Prompt:
        for state in states:
            if state.state is None:
                raise ValueError("prompt_for needs states of a StatesGroup")
            _prompts[state.state] = prompt
        return prompt

    return register


async def reprompt(message: Message, state: FSMContext, data: dict[str, Any]) -> bool:
    """Ask the current state's question again; ``False`` when the state has no prompt."""
    current = await state.get_state()
    prompt = _prompts.get(current) if current else None
    if prompt is None:
        return False
    await prompt(message, state, data)
    return True


# What a feature does right after a resident gave consent (a hearing opened by a deep link
# before they had, say). Registered with ``@after_consent``, run by the consent handler.
_after_consent: list[Prompt] = []


def after_consent(followup: Prompt) -> Prompt:
    if followup not in _after_consent:
        _after_consent.append(followup)
    return followup


async def consented(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    for followup in _after_consent:
        await followup(message, state, data)
