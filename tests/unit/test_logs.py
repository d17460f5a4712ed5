"""Logs never carry personal data: Telegram ids are replaced by a keyed hash, phone numbers
and the values quoted in exception texts are removed, in plain and JSON output alike."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logs import JsonFormatter, PersonalDataFilter, setup_logging

KEY = b"test-key"


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    setup_logging("INFO", as_json=True, hash_key=KEY)
    root.handlers[0].setStream(stream)  # type: ignore[attr-defined]
    yield stream
    root.handlers[:], root.level = saved[0], saved[1]


def lines(stream: io.StringIO) -> list[dict[str, str]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_telegram_ids_are_hashed_the_same_way_every_time(output: io.StringIO) -> None:
    log = logging.getLogger("kenes.test")
    log.info("resident %s pressed a button", 5550001234)
    log.warning("chat %d again", 5550001234)

    first, second = (entry["message"] for entry in lines(output))

    pseudonym = PersonalDataFilter(KEY).pseudonym("5550001234")
    assert first == f"resident {pseudonym} pressed a button"
    assert second == f"chat {pseudonym} again"
    assert pseudonym != PersonalDataFilter(b"another-key").pseudonym("5550001234")


@pytest.mark.parametrize(
    "phone", ["+7 701 123 45 67", "8 (701) 123-45-67", "+77011234567", "+44 20 7946 0958"]
)
def test_phone_numbers_are_removed(output: io.StringIO, phone: str) -> None:
    logging.getLogger("kenes.test").info("contact shared: %s.", phone)

    [entry] = lines(output)

    assert entry["message"] == "contact shared: [phone]."


def test_values_in_exception_texts_are_removed(output: io.StringIO) -> None:
    try:
        raise ValueError("input_value='Айгерим Сейтқали, Абай көшесі 10' for user 777000123")
    except ValueError:
        logging.getLogger("kenes.test").exception("update %s failed", 123456789)

    [entry] = lines(output)

    assert entry["message"].startswith("update tg_")
    assert "Айгерим" not in entry["exception"]
    assert "777000123" not in entry["exception"]
    pseudonym = PersonalDataFilter(KEY).pseudonym("777000123")
    assert entry["exception"].endswith(f"ValueError: input_value='…' for user {pseudonym}")


def test_short_numbers_and_ordinary_words_are_kept(output: io.StringIO) -> None:
    logging.getLogger("kenes.test").info("sendMessage failed (Bad Gateway), retry 2 in 1.5s")

    [entry] = lines(output)

    assert entry["message"] == "sendMessage failed (Bad Gateway), retry 2 in 1.5s"


def test_a_record_reaching_two_handlers_is_scrubbed_once() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "id %s", (5550001234,), None)
    scrubber = PersonalDataFilter(KEY)

    scrubber.filter(record)
    scrubber.filter(record)

    assert JsonFormatter().format(record).count("tg_") == 1
    assert record.getMessage() == "id " + scrubber.pseudonym("5550001234")


def test_no_line_per_callback_query_answered_at_info(output: io.StringIO) -> None:
    """aiogram says "Answer to callback query id=…" at INFO for every button pressed: a line
    per update, as costly as the update's own work in a poll's burst (issue 19)."""
    logging.getLogger("aiogram.middlewares").info("Answer to callback query id=%s", "123")
    logging.getLogger("aiogram.middlewares").warning("something worth reading")
    assert [line["message"] for line in lines(output)] == ["something worth reading"]
