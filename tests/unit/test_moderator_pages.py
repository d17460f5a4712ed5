"""Pages of the moderators list: eight to a page, a page number from a stale or forged
button is brought back into range."""

from __future__ import annotations

import pytest

from keyboards.moderators import page_of
from models import StaffMember


@pytest.mark.parametrize(
    ("count", "asked", "expected"),
    [
        (0, 0, ([], 0, 1)),
        (17, 0, (list(range(0, 8)), 0, 3)),
        (17, 2, ([16], 2, 3)),
        (17, 9, ([16], 2, 3)),
        (16, 2, (list(range(8, 16)), 1, 2)),
    ],
)
def test_pages(count: int, asked: int, expected: tuple[list[int], int, int]) -> None:
    members = [StaffMember(telegram_id=i) for i in range(count)]

    shown, page, pages = page_of(members, asked)

    assert ([m.telegram_id for m in shown], page, pages) == expected
