"""The exported figures equal counts made again, in plain Python, from the raw rows; small
cells are folded; a re-run changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.akimat import OTHER
from services.export.run import Outcome
from services.periods import parse
from tests import export_kit as kit
from tests.export.conftest import Databases, of_period, stats_only

AFTER = kit.local(2025, 12, 10)
PERIODS = ["2025-11", "2025-W48", "2025-W44", "2025-11-01", "2025-10-31", "2025-11-30"]


@pytest.mark.parametrize("min_cell", [3, 1])
async def test_aggregates_equal_counts_from_the_raw_rows(
    databases: Databases, min_cell: int
) -> None:
    data = kit.generate(seed=2025 + min_cell)
    await kit.store(databases.sessions, data)
    exporter = databases.exporter(export_min_cell=min_cell)

    for key in PERIODS:
        assert await exporter.export(parse(key), now=AFTER) is Outcome.DONE

    rows = await databases.akimat_rows()
    for key in PERIODS:
        period = parse(key)
        needs = of_period(rows["need_stats"], period)
        ratings = of_period(rows["rating_stats"], period)
        assert stats_only(needs) == kit.expected_needs(data, period, min_cell), key
        assert stats_only(ratings) == kit.expected_ratings(data, period, min_cell), key
        assert {(r["period_start"], r["period_end"]) for r in needs + ratings} == {
            (period.start, period.last_day)
        }
        [batch] = of_period(rows["export_batch"], period)
        assert (batch["need_rows"], batch["rating_rows"], batch["hearing_rows"]) == (
            len(needs),
            len(ratings),
            0,
        )
    assert rows["hearing_stats"] == []  # no hearing in this data: nothing is invented
    month = of_period(rows["need_stats"], parse("2025-11"))
    assert sum(row["submitted"] for row in month) == sum(
        1 for n in data.needs if kit.local(2025, 11, 1) <= n.created_at < kit.local(2025, 12, 1)
    )


async def test_needs_at_local_midnight_belong_to_the_day_that_starts(databases: Databases) -> None:
    data = kit.generate(seed=5, needs=0, ratings=0, residents=3)
    midnight = kit.local(2025, 11, 1)  # 2025-10-31 19:00 UTC
    for number, created in enumerate(
        [midnight, midnight, midnight - timedelta(microseconds=1)], start=1
    ):
        need = kit.RawNeed(number, number - 1, "almaly", "roads", created, created, f"t{number}")
        need.events.append(("resident", None, "new", created))
        data.needs.append(need)
    await kit.store(databases.sessions, data)
    exporter = databases.exporter(export_min_cell=1)

    for key in ("2025-10-31", "2025-11-01", "2025-10", "2025-11"):
        await exporter.export(parse(key), now=AFTER)

    rows = await databases.akimat_rows()
    submitted = {
        (r["period"], r["district"], r["category"]): r["submitted"] for r in rows["need_stats"]
    }
    assert submitted == {
        ("2025-10-31", "almaly", "roads"): 1,
        ("2025-10", "almaly", "roads"): 1,
        ("2025-11-01", "almaly", "roads"): 2,
        ("2025-11", "almaly", "roads"): 2,
    }


async def test_small_cells_are_folded_into_one_other_row(databases: Databases) -> None:
    """roads/almaly has 3 residents and stays; waste/almaly (2 residents) and snow/medeu
    (1 resident, 2 needs) become one ``_other`` row, whose median is over the folded needs."""
    data = kit.generate(seed=9, needs=0, ratings=0, residents=6)
    start = kit.local(2025, 11, 2, 9)
    cells = [
        ("almaly", "roads", 0, 60),
        ("almaly", "roads", 1, 120),
        ("almaly", "roads", 2, 180),
        ("almaly", "waste", 3, 60),
        ("almaly", "waste", 4, 540),
        ("medeu", "snow", 5, 240),
        ("medeu", "snow", 5, 300),
    ]
    for number, (district, category, resident, answer_minutes) in enumerate(cells, start=1):
        created = start + timedelta(hours=number)
        need = kit.RawNeed(
            number, resident, district, category, created, created, f"text {number}"
        )
        need.events.append(("resident", None, "new", created))
        need.events.append(
            ("staff:900", "new", "accepted", created + timedelta(minutes=answer_minutes))
        )
        data.needs.append(need)
    await kit.store(databases.sessions, data)

    await databases.exporter(export_min_cell=3).export(parse("2025-11-02"), now=AFTER)

    rows = stats_only((await databases.akimat_rows())["need_stats"])
    assert [(r["district"], r["category"], r["submitted"]) for r in rows] == [
        (OTHER, OTHER, 4),
        ("almaly", "roads", 3),
    ]
    other = rows[0]
    assert other["accepted"] == 4
    assert other["open_at_end"] == 4
    assert other["median_hours_to_first_answer"] == 4.5  # 1, 4, 5 and 9 hours
    assert rows[1]["median_hours_to_first_answer"] == 2.0
    assert rows == kit.expected_needs(data, parse("2025-11-02"), 3)


async def test_a_rerun_changes_nothing(databases: Databases) -> None:
    data = kit.generate(seed=11)
    await kit.store(databases.sessions, data)
    exporter = databases.exporter()
    for key in PERIODS:
        await exporter.export(parse(key), now=AFTER)
    before = await databases.akimat_rows()

    again = databases.exporter()
    outcomes = [
        await again.export(parse(key), force=True, now=AFTER + timedelta(days=3))
        for key in PERIODS
    ]
    held = [await again.export(parse(key), now=AFTER + timedelta(days=3)) for key in PERIODS]

    assert outcomes == [Outcome.DONE] * len(PERIODS)
    assert held == [Outcome.HELD] * len(PERIODS)  # done already: not exported again
    assert await databases.akimat_rows() == before  # exported_at of the batches included


async def test_with_voice_counts_needs_filed_with_a_voice_message_even_once_erased(
    databases: Databases,
) -> None:
    data = kit.generate(seed=7, needs=0, ratings=0, residents=3)
    day = kit.local(2025, 11, 10, 12)
    # ids 4 and 8 carry a voice (every fourth need); 8's author is erased; 5 has none
    for number, author in ((4, 0), (8, None), (5, 1)):
        need = kit.RawNeed(number, author, "almaly", "roads", day, day, f"t{number}")
        need.events.append(("resident", None, "new", day))
        data.needs.append(need)
    earlier = kit.local(2025, 10, 10, 12)  # filed before, still open: counted, not with_voice
    old = kit.RawNeed(12, 2, "almaly", "roads", earlier, earlier, "t12")
    old.events.append(("resident", None, "new", earlier))
    data.needs.append(old)
    await kit.store(databases.sessions, data)

    await databases.exporter(export_min_cell=1).export(parse("2025-11"), now=AFTER)

    [row] = (await databases.akimat_rows())["need_stats"]
    assert (row["submitted"], row["open_at_end"], row["with_voice"]) == (3, 4, 2)
