"""A console a person can read: the scheduler's routine at DEBUG (its warnings and errors
kept), times in KENES_TIMEZONE whatever the machine's zone, and the playground's banner."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.logs import setup_logging
from playground.banner import banner
from playground.cast import Cast

TOKYO = ZoneInfo("Asia/Tokyo")
ROUTINE = [
    ("apscheduler.scheduler", 'Added job "Desk.tick" to job store "default"'),
    ("apscheduler.executors.default", 'Running job "Desk.tick (trigger: interval[0:01:00])"'),
    ("apscheduler.executors.default", 'Job "Desk.tick (trigger: ...)" executed successfully'),
]


@contextlib.contextmanager
def captured(level: str, *, as_json: bool = False) -> Iterator[io.StringIO]:
    """The root logger as ``kenes`` sets it up (in Tokyo), writing to a string."""
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        setup_logging(level, stream=stream, tz=TOKYO, as_json=as_json)
        yield stream
    finally:
        root.handlers[:], root.level = saved


def log_routine_and_failures() -> None:
    for name, message in ROUTINE:
        logging.getLogger(name).info(message)
    executor = logging.getLogger("apscheduler.executors.default")
    executor.warning('Run time of job "Desk.tick" was missed by 0:00:07')
    logging.getLogger("apscheduler.scheduler").warning(  # its last run still going: routine
        'Execution of job "%s" skipped: maximum number of running instances reached (%d)',
        "Desk.tick (trigger: interval[0:00:01])",
        1,
    )
    try:
        raise RuntimeError("database is down")
    except RuntimeError:
        executor.exception('Job "Desk.tick" raised an exception')
    logging.getLogger("bot.dispatcher").info("Kenes is running as @kenes_bot")


def test_the_scheduler_routine_is_gone_at_info_and_failures_stay() -> None:
    with captured("INFO") as stream:
        log_routine_and_failures()

    lines = [line for line in stream.getvalue().splitlines() if "+09:00" in line]
    assert [line.split(" ", 2)[2] for line in lines] == [
        'WARNING apscheduler.executors.default: Run time of job "Desk.tick" was missed by 0:00:07',
        'ERROR apscheduler.executors.default: Job "Desk.tick" raised an exception',
        "INFO bot.dispatcher: Kenes is running as @kenes_bot",
    ]
    assert "RuntimeError: database is down" in stream.getvalue()  # the traceback too


def test_at_debug_the_routine_shows_as_debug() -> None:
    with captured("DEBUG") as stream:
        log_routine_and_failures()

    routine = [line for line in stream.getvalue().splitlines() if "apscheduler" in line]
    assert [line.split(" ", 3)[2:] for line in routine[:3]] == [
        ["DEBUG", f"{name}: {message}"] for name, message in ROUTINE
    ]
    assert routine[4].split(" ", 3)[2:] == [
        "DEBUG",
        'apscheduler.scheduler: Execution of job "Desk.tick (trigger: interval[0:00:01])" '
        "skipped: maximum number of running instances reached (1)",
    ]


@pytest.mark.parametrize("as_json", [False, True])
def test_times_are_in_the_configured_zone(as_json: bool) -> None:
    record = logging.LogRecord("bot", logging.INFO, __file__, 1, "tick", None, None)
    record.created = datetime(2026, 3, 20, 23, 30, 5, tzinfo=UTC).timestamp()
    with captured("INFO", as_json=as_json) as stream:
        logging.getLogger().handlers[0].handle(record)

    line = stream.getvalue().strip()
    if as_json:
        assert json.loads(line)["time"] == "2026-03-21T08:30:05+09:00"
    else:
        assert line == "2026-03-21 08:30:05+09:00 INFO bot: tick"


def test_the_banner_says_where_who_and_how_to_stop_in_a_frame() -> None:
    text = banner("http://127.0.0.1:8123", Cast(moderator_id=9001, moderator_chat_id=-100))
    lines = text.strip("\n").splitlines()

    assert lines[0].startswith("╔") and lines[-1].startswith("╚")
    assert len({len(line) for line in lines}) == 1  # a closed rectangle
    assert all(line.startswith("║  ") and line.endswith("  ║") for line in lines[1:-1])
    body = "\n".join(line.strip("║ ") for line in lines)
    assert "Open in a browser:   http://127.0.0.1:8123\n" in body
    assert "Be the moderator:    http://127.0.0.1:8123/#9001\n" in body
    assert "«Модератор» under People" in body
    assert "Stop:                Ctrl+C" in body
    assert text.startswith("\n") and text.endswith("\n")  # a blank line either side
