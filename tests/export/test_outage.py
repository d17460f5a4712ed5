"""The akimat's database is down, then up again: each attempt fails and is retried later with
a growing delay, moderators are alerted once after KENES_EXPORT_ALERT_AFTER failures and told
when it works again, and the export completes with nothing lost."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from models.export import ExportPeriod, ExportState
from services.export.run import Outcome
from services.periods import Period, parse
from tests import export_kit as kit
from tests.e2e.production.proxy import CuttableProxy
from tests.export.conftest import Databases, stats_only

T0 = kit.local(2025, 12, 10)


class Recorder:
    def __init__(self) -> None:
        self.alerts: list[list[tuple[str, int, str | None]]] = []
        self.recoveries: list[str] = []

    async def failing(self, failed: Sequence[ExportPeriod]) -> None:
        self.alerts.append([(row.period, row.attempts, row.last_error) for row in failed])

    async def recovered(self, period: Period) -> None:
        self.recoveries.append(period.key)


class Outage:
    """An akimat database that can be taken down (``down()``) and brought back (``up()``)."""

    def __init__(self, url: str, down: Callable[[], None], up: Callable[[], None]) -> None:
        self.url, self.down, self.up = url, down, up


@pytest.fixture
async def outage(databases: Databases, tmp_path: Path) -> AsyncIterator[Outage]:
    if databases.akimat_url.startswith("sqlite"):
        # An SQLite file whose directory cannot exist while a plain file stands in its way.
        blocker = tmp_path / "akimat-volume"
        url = f"sqlite+aiosqlite:///{blocker / 'akimat.db'}"
        databases.akimat_url = url
        yield Outage(url, blocker.touch, blocker.unlink)
        return
    target = make_url(databases.akimat_url)
    proxy = CuttableProxy(target.host or "127.0.0.1", target.port or 5432)
    await proxy.start()
    url = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    databases.akimat_url = url
    try:
        yield Outage(url, proxy.cut, proxy.restore)
    finally:
        await proxy.stop()


async def test_export_completes_after_the_akimat_database_comes_back(
    databases: Databases, outage: Outage
) -> None:
    data = kit.generate(seed=31)
    await kit.store(databases.sessions, data)
    exporter = databases.exporter(export_alert_after=2, export_retry_seconds=60)
    alerts = Recorder()
    exporter.alerts = alerts
    period = parse("2025-11")
    outage.down()

    first = await exporter.export(period, now=T0)
    too_soon = await exporter.export(period, now=T0 + timedelta(seconds=30))
    second = await exporter.export(period, now=T0 + timedelta(seconds=60))
    alerted_after_two = list(alerts.alerts)
    third = await exporter.export(period, now=T0 + timedelta(seconds=60 + 120))
    [claim] = await databases.claims()
    outage.up()
    not_yet = await exporter.export(period, now=T0 + timedelta(seconds=180 + 200))
    done = await exporter.export(period, now=T0 + timedelta(seconds=180 + 240))

    assert (first, too_soon, second, third) == (
        Outcome.FAILED,
        Outcome.HELD,
        Outcome.FAILED,
        Outcome.FAILED,
    )
    assert (claim.state, claim.attempts) == (ExportState.FAILED, 3)
    assert claim.next_attempt_at == T0 + timedelta(seconds=180 + 240)  # 60, 120, 240 s
    assert len(alerted_after_two) == 1 and alerted_after_two[0][0][:2] == ("2025-11", 2)
    assert len(alerts.alerts) == 1  # alerted once, not at every failure
    assert (not_yet, done) == (Outcome.HELD, Outcome.DONE)
    assert alerts.recoveries == ["2025-11"]
    rows = await databases.akimat_rows()
    assert stats_only(rows["need_stats"]) == kit.expected_needs(data, period, 3)
    assert stats_only(rows["rating_stats"]) == kit.expected_ratings(data, period, 3)
    [claim] = await databases.claims()
    assert (claim.state, claim.attempts, claim.alerted_at) == (ExportState.DONE, 4, None)


async def test_catch_up_stops_at_the_first_failure_and_resumes_later(
    databases: Databases, outage: Outage
) -> None:
    data = kit.generate(seed=32, needs=40, ratings=10)
    await kit.store(databases.sessions, data)
    exporter = databases.exporter(export_retry_seconds=1)
    outage.down()

    down = await exporter.catch_up(now=T0)
    outage.up()
    up = await exporter.catch_up(now=T0 + timedelta(minutes=1))

    assert list(down.values()) == [Outcome.FAILED]  # one attempt, not one per period
    assert set(up.values()) == {Outcome.DONE}
    assert next(iter(down)) in up
    assert len((await databases.akimat_rows())["export_batch"]) == len(up)
