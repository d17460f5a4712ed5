"""The small rules behind the flows: what a typed answer must look like, what counts as the
same place or the same words, deadlines in working days, the flood-control bucket."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.middlewares.throttling import LocalBuckets
from bot.middlewares.throttling import Verdict as V
from services.deadlines import add_working_days, deadline, start_of_day, weekdays
from services.needs import (
    ADDRESS_LENGTH,
    DESCRIPTION_LENGTH,
    TextProblem,
    check_text,
    distance_metres,
    similar_texts,
)
from services.voice import check_voice, minutes_seconds

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.mark.parametrize(
    ("text", "limits", "problem"),
    [
        ("ул. Абая, 10", ADDRESS_LENGTH, None),
        ("5", ADDRESS_LENGTH, TextProblem.TOO_SHORT),
        ("🏠🏠🏠", ADDRESS_LENGTH, TextProblem.NO_WORDS),
        ("а" * 301, ADDRESS_LENGTH, TextProblem.TOO_LONG),
        ("яма у дома", DESCRIPTION_LENGTH, None),
        ("яма", DESCRIPTION_LENGTH, TextProblem.TOO_SHORT),
        ("!!! ??? ...", DESCRIPTION_LENGTH, TextProblem.NO_WORDS),
        ("я" * 2000, DESCRIPTION_LENGTH, None),
        ("я" * 2001, DESCRIPTION_LENGTH, TextProblem.TOO_LONG),
    ],
)
def test_typed_answers(text: str, limits: tuple[int, int], problem: TextProblem | None) -> None:
    assert check_text(text, limits) == problem


def test_distance_between_two_points() -> None:
    # One thousandth of a degree of latitude is about 111 m anywhere.
    assert 110 < distance_metres(43.256, 76.945, 43.257, 76.945) < 112
    assert distance_metres(43.256, 76.945, 43.256, 76.945) == 0


def test_nearly_the_same_words() -> None:
    assert similar_texts("Большая яма на дороге у дома 5", "большая яма на дороге, у дома 5!")
    assert not similar_texts("Большая яма на дороге у дома 5", "Не горит фонарь во дворе")


@pytest.mark.parametrize(
    ("first", "second"), [("", ""), ("", "Большая яма"), ("🎤", ""), ("!!", "?")]
)
def test_needs_told_by_voice_only_are_like_no_other(first: str, second: str) -> None:
    assert not similar_texts(first, second)


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0:00"), (7, "0:07"), (42, "0:42"), (120, "2:00"), (605, "10:05")]
)
def test_a_voice_message_length_reads_minutes_and_seconds(seconds: int, shown: str) -> None:
    assert minutes_seconds(seconds) == shown
    assert (check_voice(seconds) is None) == (seconds <= 120)


def test_working_days_skip_the_weekend() -> None:
    friday = date(2026, 11, 27)
    assert add_working_days(friday, 1) == date(2026, 11, 30)  # Monday
    assert add_working_days(friday, 15) == date(2026, 12, 18)
    monday_off = date(2026, 11, 30)
    assert add_working_days(friday, 1, lambda day: weekdays(day) and day != monday_off) == date(
        2026, 12, 1
    )


def test_deadline_is_the_end_of_a_working_day_in_the_city() -> None:
    moment = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)  # Saturday 01:00 in Almaty
    assert deadline(moment, 1, ALMATY) == datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    assert start_of_day(moment, ALMATY) == datetime(2026, 11, 27, 19, 0, tzinfo=UTC)


async def test_the_bucket_allows_a_burst_then_refuses_and_warns_once() -> None:
    buckets = LocalBuckets(burst=3, rate=0.000001)

    verdicts = [await buckets.take(7) for _ in range(5)]

    assert verdicts == [V.ALLOW, V.ALLOW, V.ALLOW, V.WARN, V.DROP]
    assert await buckets.take(8) == V.ALLOW  # another person has their own bucket
