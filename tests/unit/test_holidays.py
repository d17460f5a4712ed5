"""Working days in Kazakhstan: the shipped holiday calendar and the deadline arithmetic,
checked against the official 2026 calendar (egov.kz) and worked examples."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from services.deadlines import add_working_days, answer_deadline
from services.holidays import Calendar, HolidaysError, kazakhstan, parse, warn_if_outdated

ALMATY = ZoneInfo("Asia/Almaty")


def days_off_in(calendar: Calendar, year: int, month: int) -> list[int]:
    return sorted(d.day for d in calendar.days_off if (d.year, d.month) == (year, month))


def test_the_2026_days_off_are_those_of_the_official_calendar() -> None:
    calendar = kazakhstan()
    assert days_off_in(calendar, 2026, 1) == [1, 2, 7]
    # 8 March is a Sunday: Monday 9 March is off. Nauryz 21-22 March falls on the weekend:
    # 24 and 25 March are off.
    assert days_off_in(calendar, 2026, 3) == [8, 9, 21, 22, 23, 24, 25]
    # 9 May is a Saturday: Monday 11 May is off. Kurban Ait: 27 May.
    assert days_off_in(calendar, 2026, 5) == [1, 7, 9, 11, 27]
    assert days_off_in(calendar, 2026, 7) == [6]
    assert days_off_in(calendar, 2026, 8) == [30, 31]
    assert days_off_in(calendar, 2026, 10) == [25, 26]
    assert days_off_in(calendar, 2026, 12) == [16]


def test_2027_moves_weekend_holidays_but_not_kurban_ait() -> None:
    calendar = kazakhstan()
    assert days_off_in(calendar, 2027, 1) == [1, 2, 4, 7]  # 2 January is a Saturday
    assert days_off_in(calendar, 2027, 3) == [8, 21, 22, 23, 24]  # 21 March is a Sunday
    # 1 May Saturday -> 3 May; 9 May Sunday -> 10 May; Kurban Ait on Sunday 16 May: not moved
    assert days_off_in(calendar, 2027, 5) == [1, 3, 7, 9, 10, 16]
    assert calendar.years == frozenset({2026, 2027})


def test_fifteen_working_days_across_nauryz_2026() -> None:
    calendar = kazakhstan()
    friday = date(2026, 3, 20)
    # 21-25 March are off and 28-29 a weekend: the 1st working day is 26 March ...
    assert add_working_days(friday, 1, calendar.days_off) == date(2026, 3, 26)
    # ... and the 15th is 15 April.
    assert add_working_days(friday, 15, calendar.days_off) == date(2026, 4, 15)
    assert add_working_days(friday, 15) == date(2026, 4, 10)  # weekends only


def test_the_may_holidays_and_kurban_ait_2026() -> None:
    calendar = kazakhstan()
    thursday = date(2026, 4, 30)
    # 1 May, 7 May, 9 (Saturday) and 11 May (moved) are off: the 15th working day is 26 May
    assert add_working_days(thursday, 15, calendar.days_off) == date(2026, 5, 26)
    # the 16th is 28 May: 27 May is Kurban Ait
    assert add_working_days(thursday, 16, calendar.days_off) == date(2026, 5, 28)
    assert add_working_days(thursday, 20, calendar.days_off) == date(2026, 6, 3)


def test_a_deadline_is_six_in_the_evening_of_the_last_working_day_in_almaty() -> None:
    filed = datetime(2026, 3, 20, 5, 30, tzinfo=UTC)  # Friday 10:30 in Almaty
    assert answer_deadline(filed, 15, ALMATY) == datetime(2026, 4, 15, 13, 0, tzinfo=UTC)
    saturday_night = datetime(2026, 12, 12, 19, 0, tzinfo=UTC)  # Sunday 00:00 in Almaty
    # 14-15 December, then 16 December (Independence Day) is off: the 5th day is 21 December
    assert answer_deadline(saturday_night, 5, ALMATY) == datetime(2026, 12, 21, 13, 0, tzinfo=UTC)


def test_a_saturday_made_working_by_decree_counts() -> None:
    calendar = parse(
        {
            "years": [
                {
                    "year": 2026,
                    "national": [],
                    "religious": [],
                    "days_off": [date(2026, 7, 3)],
                    "working_days": [date(2026, 7, 4)],
                }
            ]
        },
        "test.toml",
    )
    assert not calendar.is_working(date(2026, 7, 3))
    assert calendar.is_working(date(2026, 7, 4))
    assert add_working_days(
        date(2026, 7, 2), 1, calendar.days_off, working=calendar.working_days
    ) == date(2026, 7, 4)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"year": 2026, "national": [{"day": date(2025, 1, 1), "name": "x"}]}, "not a date"),
        ({"year": 2026, "national": [{"day": date(2026, 1, 1)}], "religious": []}, "a name"),
        ({"year": 2026, "national": [], "religious": [], "working_days": [date(2026, 7, 3)]},
         "only a Saturday"),
        ({"national": [], "religious": []}, "a year of its own"),
    ],
)  # fmt: skip
def test_a_wrong_file_is_refused_with_the_place(table: dict[str, object], message: str) -> None:
    with pytest.raises(HolidaysError, match=message):
        parse({"years": [table]}, "test.toml")


def test_an_unreadable_file_names_itself(tmp_path: Path) -> None:
    broken = tmp_path / "holidays.toml"
    broken.write_text("[[years]\n")
    with pytest.raises(HolidaysError, match=r"holidays\.toml"):
        kazakhstan(broken)


def test_a_missing_year_is_reported() -> None:
    calendar = kazakhstan()
    assert not warn_if_outdated(date(2026, 6, 1), calendar)
    assert not warn_if_outdated(date(2026, 11, 1), calendar)  # 2027 is there
    assert warn_if_outdated(date(2027, 10, 1), calendar)  # 2028 is not
