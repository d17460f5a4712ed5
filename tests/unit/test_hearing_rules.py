"""What staff type in the hearing flow (the calendar file: tests/unit/test_hearing_ics.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import create_i18n
from handlers.hearings.answers import parse_answer, until_after
from scheduler.hearings import job_id
from services.hearing_input import Problem, parse_link, parse_moment, parse_seats

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # 17:00 in Almaty


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25.12.2026 15:00", datetime(2026, 12, 25, 10, 0, tzinfo=UTC)),
        (" 5.1.2027 9.30 ", datetime(2027, 1, 5, 4, 30, tzinfo=UTC)),
        ("27.11.2026 17:00", Problem.PAST),  # this very minute
        ("27.11.2026 17:01", datetime(2026, 11, 27, 12, 1, tzinfo=UTC)),
        ("31.02.2027 15:00", Problem.MALFORMED),
        ("25.12.2026 24:00", Problem.MALFORMED),
        ("2026-12-25 15:00", Problem.MALFORMED),
        ("25.12.2026", Problem.MALFORMED),
    ],
)
def test_moments_are_read_in_almaty_time(text: str, expected: object) -> None:
    assert parse_moment(text, ALMATY, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://meet.example.kz/abay", "https://meet.example.kz/abay"),
        ("http://akimat.kz", "http://akimat.kz"),
        ("meet.example.kz/abay", Problem.BAD_LINK),
        ("javascript:alert(1)", Problem.BAD_LINK),
        ("https://localhost/x", Problem.BAD_LINK),
        ('https://a.kz/"><b>', Problem.BAD_LINK),
        ("https://a.kz/" + "x" * 500, Problem.BAD_LINK),
    ],
)
def test_links_must_be_web_links(text: str, expected: object) -> None:
    assert parse_link(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("25", 25), ("1 000", 1000), ("0", Problem.BAD_NUMBER), ("-3", Problem.BAD_NUMBER),
     ("100001", Problem.BAD_NUMBER), ("many", Problem.BAD_NUMBER)],
)  # fmt: skip
def test_seats(text: str, expected: object) -> None:
    assert parse_seats(text) == expected


def test_reminder_job_ids_are_deterministic() -> None:
    assert [job_id(12, 1440), job_id(12, 60), job_id(12, 90)] == [
        "hearing:12:remind:24h",
        "hearing:12:remind:1h",
        "hearing:12:remind:90m",
    ]


def test_questions_close_before_a_start_stored_in_another_offset() -> None:
    """An edited hearing keeps its start as UTC; the deadline is typed in Almaty time."""
    draft = {"starts_at": "2027-12-10T10:00:00+00:00"}  # 15:00 in Almaty
    i18n = create_i18n("ru")
    with i18n.context(), i18n.use_locale("ru"):
        early = parse_answer("questions_until", "10.12.2027 14:00", draft, "ru", ALMATY)
        late = parse_answer("questions_until", "10.12.2027 16:00", draft, "ru", ALMATY)
    assert early == ("2027-12-10T14:00:00+05:00", None)
    assert late == (
        None,
        "Приём вопросов должен закончиться до начала слушания. Пожалуйста, укажите более "
        "раннее время.",
    )
    assert until_after("2027-12-10T16:00:00+05:00", draft["starts_at"])
    assert not until_after("2027-12-10T14:00:00+05:00", draft["starts_at"])
