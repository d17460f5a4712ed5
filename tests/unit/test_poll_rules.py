"""The rules of polls as pure functions: what a moderator may type, which districts are
shown on their own, when the quarterly pulse is open."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.settings import SettingsError, load_settings
from services.poll_drafts import (
    Problem,
    check_closing,
    check_opening,
    check_question,
    parse_moment,
    split_options,
)
from services.poll_results import fold
from services.pulse import Schedule, Window, previous_quarter, quarter_of, window

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.mark.parametrize(
    ("counts", "shown", "folded"),
    [
        ({"a": 5, "b": 4, "c": 3}, ["a", "b", "c"], []),
        ({"a": 5, "b": 4, "c": 1, "d": 2}, ["a", "b"], ["c", "d"]),  # 1 + 2 = 3 together
        # 1 alone would be given away by total − a − b: b, the smallest shown, joins it
        ({"a": 5, "b": 4, "c": 1}, ["a"], ["c", "b"]),
        ({"a": 2, "b": 1}, [], ["a", "b"]),  # too few altogether: nothing by district
        ({"a": 3, "b": 3, "c": 2}, ["a"], ["c", "b"]),  # ties: the later code joins
    ],
)
def test_small_groups_fold_so_that_none_can_be_worked_out(
    counts: dict[str, int], shown: list[str], folded: list[str]
) -> None:
    assert fold(counts, 3) == (shown, folded)


def test_options_one_per_line_two_to_ten_each_up_to_a_hundred() -> None:
    assert split_options("Иә\n\n  Жоқ  \n").options == ["Иә", "Жоқ"]
    assert split_options("Иә").problem == Problem.TOO_FEW
    assert split_options("\n".join(str(n) for n in range(11))).problem == Problem.TOO_MANY
    assert split_options("\n".join(str(n) for n in range(10))).problem is None
    long = split_options("Иә\n" + "ж" * 101 + "\nЖоқ")
    assert (long.problem, long.line, long.length) == (Problem.TOO_LONG, 2, 101)
    assert split_options("Иә\n" + "ж" * 100).problem is None
    assert split_options("Да\nДА").problem == Problem.REPEATED
    assert split_options("Да\nНет", expected=3).problem == Problem.NOT_MATCHING


def test_question_has_words_and_at_most_300_characters() -> None:
    assert check_question("Қала қандай болуы керек?") is None
    assert check_question("?!  ") == Problem.EMPTY
    assert check_question("с" * 301) == Problem.TOO_LONG
    assert check_question("с" * 300) is None


def test_moments_are_read_in_the_city_time_zone() -> None:
    expected = datetime(2026, 12, 5, 10, 0, tzinfo=ALMATY)
    assert parse_moment("05.12.2026 10:00", ALMATY) == expected
    assert parse_moment(" 5.12.2026 10:00 ", ALMATY) == expected
    assert parse_moment("2026-12-05 10:00", ALMATY) == expected
    for bad in ("31.02.2026 10:00", "05.12.2026 25:00", "ертең", "05.12.2026", ""):
        assert parse_moment(bad, ALMATY) is None


def test_closing_after_opening_and_neither_in_the_past() -> None:
    now = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)
    opens = datetime(2026, 12, 5, 10, 0, tzinfo=ALMATY)
    assert check_opening(opens, now) is None
    assert check_opening(datetime(2026, 11, 30, tzinfo=UTC), now) == Problem.PAST
    assert check_closing(opens, opens, now) == Problem.BEFORE_OPENING
    assert check_closing(datetime(2026, 12, 5, 9, 0, tzinfo=ALMATY), opens, now) == (
        Problem.BEFORE_OPENING
    )
    assert check_closing(datetime(2026, 12, 5, 11, 0, tzinfo=ALMATY), opens, now) is None


SCHEDULE = Schedule(months=(1, 4, 7, 10), day=15, hour=10, open_days=14, timezone="Asia/Almaty")


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2026, 1, 15, 9, 59), None),  # not yet
        (
            datetime(2026, 1, 15, 10, 0),
            Window(
                "2026Q1",
                datetime(2026, 1, 15, 10, tzinfo=ALMATY),
                datetime(2026, 1, 29, 10, tzinfo=ALMATY),
            ),
        ),
        (datetime(2026, 1, 29, 9, 59), "2026Q1"),
        (datetime(2026, 1, 29, 10, 0), None),  # closed
        (datetime(2026, 11, 27, 12, 0), None),
        (datetime(2026, 10, 20, 0, 0), "2026Q4"),
    ],
)
def test_the_pulse_window(local: datetime, expected: Window | str | None) -> None:
    found = window(SCHEDULE, local.replace(tzinfo=ALMATY).astimezone(UTC))
    if isinstance(expected, str):
        assert found is not None and found.quarter == expected
    else:
        assert found == expected


def test_a_pulse_late_in_december_belongs_to_the_fourth_quarter_into_january() -> None:
    schedule = Schedule(months=(3, 6, 9, 12), day=28, hour=0, open_days=10, timezone="UTC")
    found = window(schedule, datetime(2027, 1, 3, tzinfo=UTC))
    assert found is not None and found.quarter == "2026Q4"


def test_quarters() -> None:
    assert quarter_of(datetime(2026, 3, 31).date()) == "2026Q1"
    assert quarter_of(datetime(2026, 10, 1).date()) == "2026Q4"
    assert previous_quarter("2026Q1") == "2025Q4"
    assert previous_quarter("2026Q3") == "2026Q2"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1,2", "KENES_PULSE_MONTHS: must name at most one month of each quarter, e.g. 1,4,7,10"),
        ("13", "KENES_PULSE_MONTHS: must be month numbers from 1 to 12, e.g. 1,4,7,10"),
    ],
)
def test_pulse_months_are_checked(monkeypatch: pytest.MonkeyPatch, raw: str, message: str) -> None:
    for name in [n for n in __import__("os").environ if n.startswith("KENES_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("KENES_PULSE_MONTHS", raw)
    with pytest.raises(SettingsError) as error:
        load_settings(env_file=None)
    assert str(error.value) == message


def test_pulse_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in __import__("os").environ if n.startswith("KENES_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("KENES_PULSE_MONTHS", "2, 5,8,11")
    settings = load_settings(env_file=None)
    assert settings.pulse_months == [2, 5, 8, 11]
    assert (settings.pulse_enabled, settings.pulse_day, settings.export_min_cell) == (True, 15, 3)
