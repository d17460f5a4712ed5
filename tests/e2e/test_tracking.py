"""Knowing when Kenes has finished with an update (what `Person` waits for) needs the tracker
to see the update from the moment it arrives: aiogram's FSM middleware reads the state from
the database before any later middleware runs, and the errors middleware may still send an
apology after the handler failed."""

from __future__ import annotations

from aiogram.dispatcher.middlewares.error import ErrorsMiddleware
from aiogram.fsm.middleware import FSMContextMiddleware

from tests.e2e.conftest import World


async def test_the_tracker_sees_updates_before_their_state_is_read(world: World) -> None:
    outer = list(world.kenes.dispatcher.update.outer_middleware)
    kinds = [type(middleware) for middleware in outer]
    tracker_at = outer.index(world.kenes.tracker)

    assert kinds.index(FSMContextMiddleware) > tracker_at
    assert kinds.index(ErrorsMiddleware) < tracker_at  # so error answers are tracked apart:
    assert world.kenes.tracker in list(world.kenes.dispatcher.errors.outer_middleware)


async def test_each_update_is_answered_before_the_person_looks(world: World) -> None:
    person = world.person(1010, language_code="ru")

    for _ in range(5):  # was flaky while the FSM read ran outside the tracker
        [reply] = await person.send("/start")
        assert reply.buttons == ["Қазақша", "✅ Русский", "Qazaqşa (latyn)"]
