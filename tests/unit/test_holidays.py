"""Working days in Kazakhstan: the ``holidays`` package with the local overrides, checked
against the official calendars (egov.kz 2026, the Law "On holidays" as amended in 2026) and
worked examples, and the deadline arithmetic on top of it."""

from __future__ import annotations

import logging
from calendar import monthrange
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from services.deadlines import add_working_days, answer_deadline
from services.holidays import (
    OVERRIDES_FILE,
    Calendar,
    HolidaysError,
    Override,
    kazakhstan,
    library_calendar,
    parse,
    read_overrides,
    report_overrides,
)

ALMATY = ZoneInfo("Asia/Almaty")


def weekdays_off(calendar: Calendar, year: int, month: int) -> list[int]:
    """The days from Monday to Friday that are not working days."""
    days = (date(year, month, d) for d in range(1, monthrange(year, month)[1] + 1))
    return [d.day for d in days if d.weekday() < 5 and not calendar.is_working(d)]


def with_overrides(*overrides: Override) -> Calendar:
    return Calendar(library_calendar(), overrides)


def test_the_2026_days_off_are_those_of_the_official_calendar() -> None:
    calendar = kazakhstan()
    assert weekdays_off(calendar, 2026, 1) == [1, 2, 7]
    # 8 March is a Sunday: Monday 9 March is off. Nauryz 21-22 March falls on the weekend:
    # 24 and 25 March are off.
    assert weekdays_off(calendar, 2026, 3) == [9, 23, 24, 25]
    # 9 May is a Saturday: Monday 11 May is off. Kurban Ait: 27 May.
    assert weekdays_off(calendar, 2026, 5) == [1, 7, 11, 27]
    assert weekdays_off(calendar, 2026, 7) == [6]
    # The 2026 Constitution moved Constitution Day to 15 March from 2027: no day off on
    # Monday 31 August 2026 (the calendar file listed it, the package knows better).
    assert weekdays_off(calendar, 2026, 8) == []
    assert weekdays_off(calendar, 2026, 10) == [26]  # Republic Day, Sunday 25 October
    assert weekdays_off(calendar, 2026, 12) == [16]


def test_2027_from_the_package_alone() -> None:
    calendar = kazakhstan()
    assert weekdays_off(calendar, 2027, 1) == [1, 4, 7]  # 2 January is a Saturday
    # Constitution Day on Monday 15 March, new in 2027; 21 March is a Sunday: 24 March off
    assert weekdays_off(calendar, 2027, 3) == [8, 15, 22, 23, 24]
    # 1 May Saturday -> 3 May; 9 May Sunday -> 10 May; Kurban Ait on Sunday 16 May (an
    # estimate by the Islamic calendar) is not moved: 17 May is a working day
    assert weekdays_off(calendar, 2027, 5) == [3, 7, 10]
    assert calendar.is_working(date(2027, 5, 17))
    assert weekdays_off(calendar, 2027, 8) == []  # no Constitution Day on 30 August any more
    assert calendar.library_name(date(2027, 3, 15)) == "Constitution Day"


def test_deadlines_across_2027_holidays_no_file_lists() -> None:
    calendar = kazakhstan()
    # Friday 12 March 2027: Monday 15 March is Constitution Day, the 1st working day is 16th
    assert add_working_days(date(2027, 3, 12), 1, calendar.is_working) == date(2027, 3, 16)
    # ... and across Nauryz (22-24 March): the 10th working day is 1 April
    assert add_working_days(date(2027, 3, 12), 10, calendar.is_working) == date(2027, 4, 1)
    filed = datetime(2027, 4, 30, 4, 0, tzinfo=UTC)  # Friday 09:00 in Almaty
    # 3 May (moved), 7 May, 10 May (moved) are off: the 5th working day is Wednesday 12 May
    assert answer_deadline(filed, 5, ALMATY) == datetime(2027, 5, 12, 13, 0, tzinfo=UTC)


def test_any_later_year_is_known_without_a_file() -> None:
    calendar = kazakhstan()
    # 1 and 2 January 2028 are a weekend: Monday 3 and Tuesday 4 January are off
    assert weekdays_off(calendar, 2028, 1) == [3, 4, 7]
    assert add_working_days(date(2027, 12, 31), 1, calendar.is_working) == date(2028, 1, 5)
    assert weekdays_off(calendar, 2031, 12) == [16]


def test_fifteen_working_days_across_nauryz_2026() -> None:
    calendar = kazakhstan()
    friday = date(2026, 3, 20)
    # 21-25 March are off and 28-29 a weekend: the 1st working day is 26 March ...
    assert add_working_days(friday, 1, calendar.is_working) == date(2026, 3, 26)
    # ... and the 15th is 15 April.
    assert add_working_days(friday, 15, calendar.is_working) == date(2026, 4, 15)
    assert add_working_days(friday, 15) == date(2026, 4, 10)  # weekends only


def test_the_may_holidays_and_kurban_ait_2026() -> None:
    calendar = kazakhstan()
    thursday = date(2026, 4, 30)
    # 1 May, 7 May, 9 (Saturday) and 11 May (moved) are off: the 15th working day is 26 May
    assert add_working_days(thursday, 15, calendar.is_working) == date(2026, 5, 26)
    # the 16th is 28 May: 27 May is Kurban Ait
    assert add_working_days(thursday, 16, calendar.is_working) == date(2026, 5, 28)
    assert add_working_days(thursday, 20, calendar.is_working) == date(2026, 6, 3)


def test_a_deadline_is_six_in_the_evening_of_the_last_working_day_in_almaty() -> None:
    filed = datetime(2026, 3, 20, 5, 30, tzinfo=UTC)  # Friday 10:30 in Almaty
    assert answer_deadline(filed, 15, ALMATY) == datetime(2026, 4, 15, 13, 0, tzinfo=UTC)
    saturday_night = datetime(2026, 12, 12, 19, 0, tzinfo=UTC)  # Sunday 00:00 in Almaty
    # 14-15 December, then 16 December (Independence Day) is off: the 5th day is 21 December
    assert answer_deadline(saturday_night, 5, ALMATY) == datetime(2026, 12, 21, 13, 0, tzinfo=UTC)


def test_the_transfers_the_package_knows_count() -> None:
    calendar = kazakhstan()
    # 2025: Friday 3 January off, Sunday 5 January worked instead (Government decree)
    assert not calendar.is_working(date(2025, 1, 3))
    assert calendar.is_working(date(2025, 1, 5))
    assert add_working_days(date(2025, 1, 2), 1, calendar.is_working) == date(2025, 1, 5)


def test_an_override_wins_both_ways() -> None:
    calendar = with_overrides(
        Override(date(2027, 7, 5), working=False, reason="decree: Monday before Capital Day"),
        Override(date(2027, 7, 10), working=True, reason="decree: Saturday worked instead"),
        Override(date(2027, 5, 3), working=True, reason="test: a library day off cancelled"),
    )
    assert not calendar.is_working(date(2027, 7, 5))
    assert calendar.is_working(date(2027, 7, 10))
    assert calendar.is_working(date(2027, 5, 3))
    # Friday 2 July: 5 (decree) and 6 July (Capital Day) off, Saturday 10 July worked
    assert add_working_days(date(2027, 7, 2), 3, calendar.is_working) == date(2027, 7, 9)
    assert add_working_days(date(2027, 7, 2), 4, calendar.is_working) == date(2027, 7, 10)
    filed = datetime(2027, 7, 2, 6, 0, tzinfo=UTC)
    assert answer_deadline(filed, 4, ALMATY, calendar) == datetime(2027, 7, 10, 13, 0, tzinfo=UTC)


def test_start_up_warns_of_each_disagreement_and_notes_agreement(
    caplog: pytest.LogCaptureFixture,
) -> None:
    disagrees = Override(date(2027, 7, 5), working=False, reason="decree No. 1")
    agrees = Override(date(2027, 3, 15), working=False, reason="Constitution Day")
    past = Override(date(2025, 7, 4), working=False, reason="an old decree")
    calendar = with_overrides(disagrees, agrees, past)

    with caplog.at_level(logging.INFO, logger="services.holidays"):
        assert report_overrides(date(2026, 10, 1), calendar) == [disagrees]

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    notes = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(warnings) == 1
    assert "2027-07-05 is a day off here (decree No. 1)" in warnings[0]
    assert "the override wins" in warnings[0]
    assert len(notes) == 1 and "2027-03-15" in notes[0] and "can be removed" in notes[0]
    assert "2025-07-04" not in caplog.text  # the past is left alone


def test_the_shipped_file_reads_and_agrees_with_the_package(
    caplog: pytest.LogCaptureFixture,
) -> None:
    overrides = read_overrides(OVERRIDES_FILE)
    assert all(o.reason for o in overrides)
    with caplog.at_level(logging.WARNING, logger="services.holidays"):
        report_overrides(date(2026, 6, 1))
    assert len(caplog.records) == len(kazakhstan().disagreements())


def test_an_override_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "holidays.toml"
    path.write_text(
        '[[days_off]]\nday = 2027-07-05\nreason = "decree"\n\n'
        '[[working_days]]\nday = 2027-07-10\nreason = "decree"\n'
    )
    assert read_overrides(path) == (
        Override(date(2027, 7, 5), working=False, reason="decree"),
        Override(date(2027, 7, 10), working=True, reason="decree"),
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"days_off": [{"day": date(2027, 1, 5)}]}, "days_off.0.reason: Field required"),
        ({"days_off": [{"day": date(2027, 1, 5), "reason": " "}]}, "days_off.0.reason: Str"),
        ({"days_off": [{"day": "2027-01-05", "reason": "x"}]}, "days_off.0.day: Input"),
        ({"working_days": [{"day": datetime(2027, 1, 9, 9), "reason": "x"}]},
         "working_days.0.day: Input should be a valid date"),
        ({"days_off": {"day": date(2027, 1, 5)}}, "days_off: Input should be a valid list"),
        ({"days_off": [{"day": date(2027, 1, 5), "reason": "x"}],
          "working_days": [{"day": date(2027, 1, 5), "reason": "y"}]}, "listed twice"),
        ({"national": []}, "national: Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_a_wrong_file_is_refused_with_the_place(raw: dict[str, object], message: str) -> None:
    with pytest.raises(HolidaysError, match=message):
        parse(raw, "test.toml")


def test_an_unreadable_file_names_itself(tmp_path: Path) -> None:
    broken = tmp_path / "holidays.toml"
    broken.write_text("[[days_off]\n")
    with pytest.raises(HolidaysError, match=r"holidays\.toml"):
        read_overrides(broken)
    with pytest.raises(HolidaysError, match=r"missing\.toml"):
        kazakhstan(tmp_path / "missing.toml")
