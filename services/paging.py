"""Pages of lists: how many there are, and which one to show for a requested number."""

from __future__ import annotations

import math


def clamp(total: int, size: int, number: int) -> tuple[int, int]:
    """(the page to show, counted from 0 and clamped to those there are; how many pages)."""
    pages = max(1, math.ceil(total / size))
    return min(max(number, 0), pages - 1), pages
