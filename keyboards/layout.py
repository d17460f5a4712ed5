"""Rows of inline buttons that fit a phone: two short buttons side by side, a long one alone."""

from __future__ import annotations

from collections.abc import Sequence

# About half of a phone's width in a two-button row: a longer label is cut off with "…".
HALF_ROW = 20


def paired_rows(labels: Sequence[str], *, half: int = HALF_ROW) -> list[int]:
    """Row sizes for ``InlineKeyboardBuilder.adjust``: labels two by two in their order, but
    a label longer than ``half`` characters gets a row of its own (as does the short label
    left before it)."""
    sizes: list[int] = []
    waiting = False  # a short label sits alone in the last row, waiting for a partner
    for label in labels:
        if len(label) > half:
            sizes.append(1)
            waiting = False
        elif waiting:
            sizes[-1] = 2
            waiting = False
        else:
            sizes.append(1)
            waiting = True
    return sizes
