"""Once per period: two exporters started at the same moment write each row once; a run that
dies in the middle is taken over when its claim expires and ends with the same rows; periods
missed while Kenes was down are exported at the next start."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from models.export import ExportState
from services.export import akimat
from services.export.run import Outcome
from services.periods import Granularity, parse
from tests import export_kit as kit
from tests.export.conftest import Databases, of_period, stats_only

AFTER = kit.local(2025, 12, 10)


class Crash(BaseException):
    """The process dies (not an error the exporter could catch and record)."""


async def test_two_exporters_at_the_same_moment_write_each_row_once(
    databases: Databases,
) -> None:
    data = kit.generate(seed=21)
    await kit.store(databases.sessions, data)
    first, second = databases.exporter(), databases.exporter()
    keys = ["2025-11", "2025-W47", "2025-11-20"]

    outcomes = await asyncio.gather(
        *[exporter.export(parse(key), now=AFTER) for key in keys for exporter in (first, second)]
    )

    assert sorted(outcomes) == sorted([Outcome.DONE, Outcome.HELD] * len(keys))
    rows = await databases.akimat_rows()
    for key in keys:
        period = parse(key)
        assert stats_only(of_period(rows["need_stats"], period)) == kit.expected_needs(
            data, period, 3
        )
    assert sorted((c.period, c.state, c.attempts) for c in await databases.claims()) == sorted(
        (key, ExportState.DONE, 1) for key in keys
    )


async def test_overlapping_writes_of_one_period_leave_one_row_per_key(
    databases: Databases,
) -> None:
    """Even without the claim (a forced re-export beside a scheduled one), writes of the same
    period take turns and upsert on the natural key."""
    data = kit.generate(seed=22)
    await kit.store(databases.sessions, data)
    exporter = databases.exporter()
    await exporter.target.ensure_schema()
    period = parse("2025-11")
    async with databases.sessions() as session:
        from services.export.aggregates import collect

        figures = await collect(session, period, period.bounds(kit.TZ), 3)

    await asyncio.gather(
        *[akimat.write(exporter.target.engine, figures, now=AFTER) for _ in range(4)]
    )

    rows = await databases.akimat_rows()
    assert stats_only(rows["need_stats"]) == kit.expected_needs(data, period, 3)
    assert len(rows["export_batch"]) == 1


async def test_a_run_that_dies_in_the_middle_is_retried_with_the_same_result(
    databases: Databases, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = kit.generate(seed=23)
    await kit.store(databases.sessions, data)
    period = parse("2025-11")
    real_replace = akimat._replace

    async def dies_after_the_needs(connection: Any, table: Any, *args: Any) -> None:
        await real_replace(connection, table, *args)
        if table.__tablename__ == "need_stats":
            raise Crash

    monkeypatch.setattr(akimat, "_replace", dies_after_the_needs)
    with pytest.raises(Crash):
        await databases.exporter().export(period, now=AFTER)
    monkeypatch.setattr(akimat, "_replace", real_replace)
    assert (await databases.akimat_rows())["need_stats"] == []  # its transaction rolled back

    survivor = databases.exporter(export_claim_seconds=600)
    assert await survivor.export(period, now=AFTER + timedelta(minutes=5)) is Outcome.HELD
    assert await survivor.export(period, now=AFTER + timedelta(minutes=11)) is Outcome.DONE

    rows = await databases.akimat_rows()
    assert stats_only(rows["need_stats"]) == kit.expected_needs(data, period, 3)
    assert stats_only(rows["rating_stats"]) == kit.expected_ratings(data, period, 3)
    [claim] = await databases.claims()
    assert (claim.state, claim.attempts) == (ExportState.DONE, 2)


async def test_catch_up_exports_every_period_missed_while_down(databases: Databases) -> None:
    data = kit.generate(seed=24)
    await kit.store(databases.sessions, data)
    first_need = min(n.created_at for n in data.needs + data.ratings)
    exporter = databases.exporter()

    # Kenes ran until 2025-11-10 and exported everything closed by then...
    before = await exporter.catch_up(now=kit.local(2025, 11, 10, 0, 30))
    # ...then was down until 2025-12-03 10:00.
    after = await exporter.catch_up(now=kit.local(2025, 12, 3, 10))
    again = await exporter.catch_up(now=kit.local(2025, 12, 3, 10, 1))

    assert first_need >= kit.local(2025, 10, 20)
    days_before = [f"day:2025-10-{d}" for d in range(20, 32)] + [
        f"day:2025-11-{d:02d}" for d in range(1, 10)
    ]
    assert [k for k in before if k.startswith("day:")] == days_before
    assert [k for k in before if not k.startswith("day:")] == [
        "week:2025-W43",
        "week:2025-W44",
        "week:2025-W45",
        "month:2025-10",
    ]
    assert [k for k in after if k.startswith("day:")] == [
        f"day:2025-11-{d:02d}" for d in range(10, 31)
    ] + ["day:2025-12-01", "day:2025-12-02"]
    assert [k for k in after if not k.startswith("day:")] == [
        "week:2025-W46",
        "week:2025-W47",
        "week:2025-W48",
        "month:2025-11",
    ]
    assert set(before.values()) == set(after.values()) == {Outcome.DONE}
    assert again == {}
    batches = (await databases.akimat_rows())["export_batch"]
    assert len(batches) == len(before) + len(after)
    month = parse("2025-11")
    rows = await databases.akimat_rows()
    assert stats_only(of_period(rows["need_stats"], month)) == kit.expected_needs(data, month, 3)


async def test_only_closed_periods_are_due(databases: Databases) -> None:
    data = kit.generate(seed=25, needs=5, ratings=0)  # the first at 2025-11-01 00:00
    await kit.store(databases.sessions, data)
    exporter = databases.exporter()
    # 00:04 local on 2025-12-01: the month ended 4 minutes ago, within the settling time.
    assert await exporter.due(Granularity.MONTH, kit.local(2025, 12, 1, 0, 4)) == []
    due = await exporter.due(Granularity.MONTH, kit.local(2025, 12, 1, 0, 5))
    assert [p.key for p in due] == ["2025-11"]
