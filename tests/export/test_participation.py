"""Hearings, polls and the SDG 16.7.2 pulse reach the akimat's database: made through the
services, exported once per period however often the exporter runs, small cells folded,
and no hearing text or resident's question among the rows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.akimat import OTHER
from models.export import ExportState
from services.export.run import Outcome
from tests.export import participation as kit
from tests.export.conftest import Databases, stats_only
from tests.export.test_privacy import assert_clean
from tests.export_kit import TZ


@pytest.mark.parametrize("min_cell", [3, 1])
async def test_hearings_are_exported_per_district_with_small_ones_folded(
    databases: Databases, min_cell: int
) -> None:
    world = await kit.build(databases.sessions)

    outcome = await databases.exporter(export_min_cell=min_cell).export(world.period)

    assert outcome is Outcome.DONE
    rows = await databases.akimat_rows()
    assert stats_only(rows["hearing_stats"]) == kit.hearing_rows(min_cell)
    [batch] = rows["export_batch"]
    assert batch["hearing_rows"] == len(kit.hearing_rows(min_cell))


async def test_polls_and_the_pulse_are_exported_once_across_two_runs(
    databases: Databases,
) -> None:
    world = await kit.build(databases.sessions)
    first, second = databases.exporter(), databases.exporter()

    assert await first.export(world.period) is Outcome.DONE
    exported = await databases.akimat_rows()
    assert await second.export(world.period) is Outcome.HELD  # done already
    assert await databases.akimat_rows() == exported
    later = world.period.bounds(TZ)[1] + timedelta(days=1)
    assert await second.export(world.period, force=True, now=later) is Outcome.DONE
    assert await databases.akimat_rows() == exported  # the same rows, the same batch

    polls = exported["poll_stats"]
    counts = {(r["poll_id"], r["option"], r["district"]): (r["respondents"], r["votes"])
              for r in polls}  # fmt: skip
    assert counts == kit.poll_counts(world)  # not the poll that closes next month
    assert not {"medeu", "auezov", "unknown", "_unknown"} & {r["district"] for r in polls}
    [city_0] = [r for r in polls if (r["poll_id"], r["option"], r["district"]) ==
                (world.poll_id, 0, "city")]  # fmt: skip
    assert (city_0["question_ru"], city_0["option_kk"], city_0["pulse_quarter"]) == (
        "Нужен ли парк?",
        "Нұсқа 0",
        None,
    )
    assert stats_only(exported["pulse_stats"]) == kit.pulse_rows(world)
    [batch] = exported["export_batch"]
    assert (batch["poll_rows"], batch["pulse_rows"]) == (len(counts), 6)
    [claim] = await databases.claims()
    assert (claim.period, claim.state, claim.attempts) == (world.period.key, ExportState.DONE, 1)


async def test_no_hearing_text_or_question_reaches_the_akimat(databases: Databases) -> None:
    world = await kit.build(databases.sessions)

    await databases.exporter().export(world.period)

    tables = await databases.akimat_rows()
    telegram_ids = {7_700_000 + n for n in range(8)}
    allowed_texts = {"Саябақ керек пе?", "Нужен ли парк?"}  # the akimat's own poll texts
    for table in ("hearing_stats", "poll_stats", "pulse_stats", "export_batch"):
        assert tables[table], table
        for row in tables[table]:
            for column, value in row.items():
                if value in allowed_texts or column in ("option_kk", "option_ru"):
                    continue
                assert_clean(value, telegram_ids, world.texts, f"{table}.{column}")
    assert OTHER in {row["district"] for row in tables["hearing_stats"]}
