"""``kenes run`` settles once started (``bot.app.release_memory``): start-up garbage is
collected, then what is left is frozen, so that a full collection in the middle of an update
no longer walks every module's and model's objects (185 ms in the dispatch benchmark)."""

from __future__ import annotations

from tests.unit.fresh_python import fresh_python

SNIPPET = """
import gc, weakref
import bot.app

class Node:
    pass

garbage = Node()
garbage.me = garbage  # a cycle: only the collector frees it
gone = weakref.ref(garbage)
del garbage
kept = [Node() for _ in range(1000)]
bot.app.release_memory()
young = len(gc.get_objects())
print(gone() is None, gc.get_freeze_count(), young)
"""


def test_start_up_garbage_is_collected_and_the_rest_frozen() -> None:
    collected, frozen, young = fresh_python(SNIPPET).split()
    assert collected == "True"
    assert int(frozen) > 50_000  # modules, models, mappers: out of the generations
    assert int(young) < 1_000  # what a later full collection walks
