"""The .ics of a hearing, made with ``icalendar``, read back by a strict RFC 5545 reader of
the tests' own (``tests/ics_strict.py``): texts with every character that needs escaping,
folds inside Kazakh words and emoji, the city's time zone, DTSTAMP, UID, SEQUENCE, STATUS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.hearings.ics import hearing_ics
from models.hearing import Hearing, HearingStatus
from tests import ics_strict
from tests.ics_strict import Invalid, instant, text, utc

ALMATY = ZoneInfo("Asia/Almaty")
STARTS = datetime(2027, 3, 16, 5, 0, tzinfo=UTC)  # 10:00 in Almaty
SUMMARY = "Абай даңғылы; жаяу жүргіншілер, велосипед жолы \\ 2027"
DESCRIPTION = (
    "Қоғамдық тыңдау: көше жарығы, аялдамалар және ағаштар 🌳.\n"
    "Сұрақтарыңызды алдын ала жіберіңіз; әкімдік жауап береді, рахмет!\r\n"
    + "Өңірлік даму ұсыныстары — "
    * 12
)
LOCATION = "Алматы қ., Абай даңғылы, 90; 3-қабат"


def hearing(**changes: object) -> Hearing:
    values: dict[str, object] = {
        "id": 42, "version": 3, "starts_at": STARTS, "status": HearingStatus.PUBLISHED,
    }  # fmt: skip
    values.update(changes)
    return Hearing(**values)


def ics(item: Hearing, *, location: str | None = LOCATION, url: str | None = None) -> bytes:
    return hearing_ics(
        item,
        summary=SUMMARY,
        description=DESCRIPTION,
        location=location,
        url=url,
        domain="kenes_bot.t.me",
        tz=ALMATY,
    )


def test_a_strict_reader_gets_back_every_text_and_time() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    data = ics(hearing(), url="https://akimat.example.kz/hearing?id=42,43")
    calendar, event = ics_strict.event(data)

    assert text(event.one("SUMMARY")) == SUMMARY
    assert text(event.one("DESCRIPTION")) == DESCRIPTION.replace("\r\n", "\n")
    assert text(event.one("LOCATION")) == LOCATION
    assert event.one("URL").value == "https://akimat.example.kz/hearing?id=42,43"
    assert event.one("UID").value == "hearing-42@kenes_bot.t.me"
    assert event.one("SEQUENCE").value == "2"
    assert event.one("STATUS").value == "CONFIRMED"
    assert before <= utc(event.one("DTSTAMP")) <= datetime.now(UTC)
    assert calendar.one("METHOD").value == "PUBLISH"


def test_times_are_the_citys_with_its_time_zone_in_the_file() -> None:
    calendar, event = ics_strict.event(ics(hearing()))

    start, end = event.one("DTSTART"), event.one("DTEND")
    assert (start.params, start.value) == ({"TZID": "Asia/Almaty"}, "20270316T100000")
    assert instant(start, calendar) == STARTS
    assert instant(end, calendar) == STARTS + timedelta(hours=2)
    [zone] = calendar.walk("VTIMEZONE")
    assert [o.one("TZOFFSETTO").value for o in zone.children] == ["+0500"]


def test_long_lines_are_folded_between_characters() -> None:
    data = ics(hearing())
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert sum(line.startswith(b" ") for line in lines) >= 8  # the description is folded
    # folds land inside multi-byte Kazakh text, and never split a character
    assert any(line[1:2] >= b"\x80" for line in lines if line.startswith(b" "))


def test_a_cancelled_hearing_without_a_place() -> None:
    _, event = ics_strict.event(ics(hearing(status=HearingStatus.CANCELLED), location=None))
    assert event.one("STATUS").value == "CANCELLED"
    assert event.all("LOCATION") == [] and event.all("URL") == []


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (b"SUMMARY:a, b", "unescaped"),
        (b"SUMMARY:a \\x b", "unknown escape"),
        (b"SUMMARY:" + b"x" * 70, "more than 75"),
        (b"SUMMARY:\xd2\r\n \x9b", "inside a UTF-8 character"),
    ],
)
def test_the_reader_refuses_what_the_rfc_forbids(broken: bytes, message: str) -> None:
    # a SUMMARY of the calendar itself (the event's is correct)
    data = ics(hearing()).replace(b"METHOD:PUBLISH", b"METHOD:PUBLISH\r\n" + broken)
    with pytest.raises(Invalid, match=message):
        calendar = ics_strict.parse(data)
        text(calendar.one("SUMMARY"))


def test_the_reader_insists_on_dtstamp_in_utc() -> None:
    data = ics(hearing())
    stamp = next(line for line in data.split(b"\r\n") if line.startswith(b"DTSTAMP:"))
    with pytest.raises(Invalid, match="DTSTAMP"):
        ics_strict.event(data.replace(stamp + b"\r\n", b""))
    with pytest.raises(Invalid, match="not a UTC date-time"):
        ics_strict.event(data.replace(stamp, stamp.rstrip(b"Z")))
