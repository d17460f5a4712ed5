"""The small-cell rule, in one place: what residents see (``/stats``, poll results, hearing
cards) and what the akimat's export publishes follow it alike.

A figure that stands for fewer than ``KENES_EXPORT_MIN_CELL`` distinct residents is not
shown: residents read "fewer than 3", the export folds it into ``_other``. Hiding one figure
is not enough when a total is shown beside the others (the total minus the shown figures
would give it back), so a second figure is hidden with it — *complementary suppression*:

- :func:`fold` picks the cells the export (and the poll results) put together into one
  "other" cell: the small ones, and never exactly one of them (the "other" cell would then
  equal it), so the next smallest cell joins a lone small one;
- :func:`hide` picks the figures to hide in tables with totals (a district's needs by
  category beside its total, the city's line beside the districts'...): in every group of
  figures whose total is shown, never exactly one hidden; when there is no other figure to
  hide with it, the total is hidden too. It repeats until no group changes, as hiding a
  figure for one group can leave another group with one hidden figure.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Figure:
    value: int  # what would be shown (needs, ratings, votes...)
    residents: int  # the distinct residents behind it


def small(figure: Figure, min_cell: int) -> bool:
    """Not to be shown: something (needs of erased residents stand for nobody) from fewer
    than ``min_cell`` residents. Nothing at all is no secret."""
    return figure.value > 0 and figure.residents < min_cell


def _smallest_first(figures: Mapping[K, Figure], keys: Iterable[K]) -> list[K]:
    """Fewest residents first, then the smallest value; of equal ones the later code."""
    by_code = sorted(keys, key=str, reverse=True)
    return sorted(by_code, key=lambda key: (figures[key].residents, figures[key].value))


def fold(figures: Mapping[K, Figure], min_cell: int, *, until_big_enough: bool = False) -> list[K]:
    """The cells shown only together, as one "other" cell (the small ones in the order
    given, then those that joined them): the small ones; never exactly one (the next
    smallest joins it); with ``until_big_enough``, the smallest join until the folded cells
    together have ``min_cell`` residents (or none is left to join)."""
    folded = [key for key, figure in figures.items() if figure.residents < min_cell]
    shown = _smallest_first(figures, (key for key in figures if key not in folded))

    def too_few() -> bool:
        if len(folded) == 1:
            return True
        together = sum(figures[key].residents for key in folded)
        return until_big_enough and bool(folded) and together < min_cell

    while shown and too_few():
        folded.append(shown.pop(0))
    return folded


@dataclass(frozen=True)
class Group(Generic[K]):
    """Figures that add up to a shown ``total`` (itself one of the figures)."""

    members: Sequence[K]
    total: K


def hide(figures: Mapping[K, Figure], groups: Iterable[Group[K]], min_cell: int) -> set[K]:
    """The figures to hide: the small ones, and enough others that no shown total, less the
    shown figures of its group, gives a hidden one back."""
    hidden = {key for key, figure in figures.items() if small(figure, min_cell)}
    groups = list(groups)
    changed = True
    while changed:
        changed = False
        for group in groups:
            if group.total in hidden or group.total not in figures:
                continue
            present = [key for key in group.members if figures.get(key, Figure(0, 0)).value]
            if sum(key in hidden for key in present) != 1:
                continue
            others = [key for key in present if key not in hidden]
            if others:
                hidden.add(_smallest_first(figures, others)[0])
            else:
                hidden.add(group.total)
            changed = True
    return hidden
