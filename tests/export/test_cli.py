"""``kenes export`` as an operator runs it (a real process): backfill, dry run, open-data
files, Open311; and every bad input answered with one line and a non-zero exit."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from bot import migrate
from bot.database import create_engine, create_sessionmaker
from services.periods import parse
from tests import export_kit as kit
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
PERIOD = parse("2025-11")

OPEN311_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "service_request_id",
            "status",
            "service_code",
            "service_name",
            "description",
            "requested_datetime",
            "updated_datetime",
            "address",
            "lat",
            "long",
        ],
        "properties": {
            "service_request_id": {"type": "string", "pattern": r"^N-\d{4}-\d{6}$"},
            "status": {"enum": ["open", "closed"]},
            "service_code": {"type": "string", "minLength": 1},
            "service_name": {"type": "string", "minLength": 1},
            "description": {"type": "string"},
            "requested_datetime": {
                "type": "string",
                "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:00$",
            },
            "updated_datetime": {
                "type": "string",
                "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:00$",
            },
            "address": {"type": ["string", "null"]},
            "lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
            "long": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
        },
    },
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, kit.Data]:
    """A Kenes database with needs and ratings of November 2025 (one description carries a
    phone number and an e-mail address)."""
    path = tmp_path_factory.mktemp("cli") / "kenes.db"
    data = kit.generate(seed=41)
    start, end = PERIOD.bounds(kit.TZ)
    talkative = next(n for n in data.needs if start <= n.created_at < end)
    talkative.description = "Звоните +7 701 123 45 67 или пишите a.b@mail.kz, яма"

    async def seed() -> None:
        url = f"sqlite+aiosqlite:///{path}"
        await migrate.upgrade(url)
        engine = create_engine(url)
        await kit.store(create_sessionmaker(engine), data)
        await engine.dispose()

    asyncio.run(seed())
    return path, data


def kenes(
    tmp_path: Path, kenes_db: Path, *args: str, akimat: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KENES_")}
    env |= {
        "PYTHONPATH": str(ROOT),
        "KENES_DATABASE_URL": f"sqlite+aiosqlite:///{kenes_db}",
        "KENES_AKIMAT_DATABASE_URL": akimat or f"sqlite+aiosqlite:///{tmp_path / 'akimat.db'}",
        "KENES_LOG_LEVEL": "WARNING",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "export", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of(seeded: tuple[Path, kit.Data], tmp_path: Path) -> Path:
    target = tmp_path / "kenes.db"
    target.write_bytes(seeded[0].read_bytes())
    return target


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--period", "2025-13"],
            "kenes: unknown period '2025-13': no such date (2026-11-27 (a day), 2026-W48 "
            "(a week) or 2026-11 (a month))",
        ),
        (
            ["--period", "November"],
            "kenes: unknown period 'November': use 2026-11-27 (a day), 2026-W48 (a week) or "
            "2026-11 (a month)",
        ),
        (
            ["--period", "2025-W54"],
            "kenes: unknown period '2025-W54': no such date (2026-11-27 "
            "(a day), 2026-W48 (a week) or 2026-11 (a month))",
        ),
        (
            ["--period", "2025-11", "--granularity", "day"],
            "kenes: period '2025-11' is a month, not a day",
        ),
        (
            ["--period", "2999-01"],
            "kenes: period 2999-01 has not ended yet: it ends at 2999-02-01 00:00 Asia/Almaty",
        ),
        (["--format", "csv"], "kenes: --format csv needs --period"),
    ],
)
def test_bad_input_is_one_line_and_a_non_zero_exit(
    tmp_path: Path, seeded: tuple[Path, kit.Data], args: list[str], message: str
) -> None:
    result = kenes(tmp_path, copy_of(seeded, tmp_path), *args)

    assert (result.returncode, result.stderr, result.stdout) == (2, message + "\n", "")


def test_an_unreachable_akimat_database_is_one_line_and_exit_1(
    tmp_path: Path, seeded: tuple[Path, kit.Data]
) -> None:
    closed = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/akimat"

    result = kenes(tmp_path, copy_of(seeded, tmp_path), "--period", "2025-11", akimat=closed)

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "kenes: the akimat's database (KENES_AKIMAT_DATABASE_URL) cannot be reached: "
    )
    assert "Connect" in result.stderr or "refused" in result.stderr


@pytest.mark.slow
def test_backfill_by_hand_then_dry_run(tmp_path: Path, seeded: tuple[Path, kit.Data]) -> None:
    kenes_db = copy_of(seeded, tmp_path)
    data = seeded[1]

    dry = kenes(tmp_path, kenes_db, "--period", "2025-11", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert not (tmp_path / "akimat.db").exists()  # a dry run writes nothing
    printed = json.loads(dry.stdout)
    needs = [
        {
            k: v
            for k, v in r.items()
            if k not in ("period", "granularity", "period_start", "period_end")
        }
        for r in printed["need_stats"]
    ]
    assert needs == kit.expected_needs(data, PERIOD, 3)

    done = kenes(tmp_path, kenes_db, "--period", "2025-11", "--granularity", "month")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"exported 2025-11 (month): {len(needs)} need rows, "
        f"{len(printed['rating_stats'])} rating rows, 0 hearing rows, 0 poll rows, "
        "0 pulse rows\n"
    )
    again = kenes(tmp_path, kenes_db, "--period", "2025-11")
    assert (again.returncode, again.stdout) == (0, done.stdout)


def test_open_data_files_hold_the_same_aggregates(
    tmp_path: Path, seeded: tuple[Path, kit.Data]
) -> None:
    kenes_db = copy_of(seeded, tmp_path)
    data = seeded[1]

    written = kenes(
        tmp_path, kenes_db, "--period", "2025-11", "--format", "csv", "--output", "out"
    )
    as_json = kenes(tmp_path, kenes_db, "--period", "2025-11", "--format", "json")

    assert written.returncode == 0, written.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        "kenes-hearing_stats-month-2025-11.csv",
        "kenes-need_stats-month-2025-11.csv",
        "kenes-poll_stats-month-2025-11.csv",
        "kenes-pulse_stats-month-2025-11.csv",
        "kenes-rating_stats-month-2025-11.csv",
    ]
    text = (tmp_path / "out" / "kenes-rating_stats-month-2025-11.csv").read_text()
    ratings = list(csv.DictReader(io.StringIO(text)))
    expected = kit.expected_ratings(data, PERIOD, 3)
    assert [
        (r["district"], r["service"], int(r["ratings"]), float(r["mean_score"])) for r in ratings
    ] == [(r["district"], r["service"], r["ratings"], r["mean_score"]) for r in expected]
    assert (tmp_path / "out" / "kenes-hearing_stats-month-2025-11.csv").read_text() == (
        "period,granularity,period_start,period_end,district,hearings_held,"
        "subscribers_notified,registrations,questions_asked,questions_answered\n"
    )
    document = json.loads(as_json.stdout)
    assert [r["submitted"] for r in document["need_stats"]] == [
        r["submitted"] for r in kit.expected_needs(data, PERIOD, 3)
    ]
    assert not (tmp_path / "akimat.db").exists()


def test_open311_validates_and_carries_nothing_personal(
    tmp_path: Path, seeded: tuple[Path, kit.Data]
) -> None:
    data = seeded[1]

    result = kenes(
        tmp_path, copy_of(seeded, tmp_path), "--period", "2025-11", "--format", "open311"
    )

    assert result.returncode == 0, result.stderr
    requests = json.loads(result.stdout)
    jsonschema.validate(requests, OPEN311_SCHEMA)
    start, end = PERIOD.bounds(kit.TZ)
    published = sorted(
        (
            n
            for n in data.needs
            if start <= n.created_at < end and n.status in {"accepted", "in_progress", "resolved"}
        ),
        key=lambda n: (n.created_at, n.id),
    )
    filed = [n for n in data.needs if start <= n.created_at < end]
    assert published and len(published) < len(filed)
    assert [r["service_request_id"] for r in requests] == [f"N-2025-{n.id:06d}" for n in published]
    names = {
        "roads": "Жолдар мен тротуарлар",
        "waste": "Қоқыс және тазалық",
        "utilities": "Жылу, су, электр, газ",
        "snow": "Қар тазалау",
        "other": "Басқа",
    }
    for need, request in zip(published, requests, strict=True):
        assert request["description"] == request["service_name"] == names[need.category]
        assert request["status"] == ("open" if need.status in kit.OPEN else "closed")
        assert request["address"] is None
        assert request["lat"] == round(43.2 + need.id / 10000, 3)
    flat = result.stdout
    assert "[phone]" not in flat and "яма" not in flat
    assert not any(str(t) in flat for t in data.telegram_ids)
    assert "file" not in flat.lower() and "t.me" not in flat
