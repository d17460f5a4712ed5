"""Numbers as residents read them: the shortcut for small integers writes what Babel writes."""

from __future__ import annotations

from babel.numbers import format_decimal

from bot.i18n import format_number


def test_small_integers_are_written_as_babel_writes_them() -> None:
    for language in ("kk", "ru"):
        for value in range(-999, 1000):
            assert format_number(value, language) == format_decimal(
                value, format="#,##0.##", locale=language
            )
        assert format_number(12345, language) == format_decimal(
            12345, format="#,##0.##", locale=language
        )  # grouped, by Babel
