"""The SDG 16.7.2 pulse in the digest, in the current locale: lines for the message and a
sheet for the spreadsheet."""

from __future__ import annotations

from typing import Any

from aiogram.utils.i18n import gettext as _

from bot.i18n import format_number
from bot.polls.pulse_report import item_kind, item_name, quarter_label, signed_points
from bot.polls.render import share
from services.digest_pulse import DigestPulse, PulseFigure


def _line(figure: PulseFigure, locale: str) -> str:
    now = figure.now
    respondents = _("{count} respondent", "{count} respondents", now.respondents).format(
        count=format_number(now.respondents, locale)
    )
    if figure.change is None:
        change = _("no figure for the quarter before")
    else:
        change = _("{change} p.p.").format(change=signed_points(figure.change, locale))
    value = share(now.positive, now.respondents, locale, decimals=1)
    name = f"{item_name(figure.item)} ({item_kind(figure.item)})"
    return f"• {name}: {value} ({respondents}), {change}"


def lines(pulse: DigestPulse, locale: str) -> list[str]:
    heading = _(
        "SDG 16.7.2 pulse for the city, {quarter} (the share who answered “Some” or more; "
        "the change from the quarter before):"
    ).format(quarter=quarter_label(pulse.quarter))
    return [heading, *(_line(figure, locale) for figure in pulse.figures)]


def headers() -> list[str]:
    return [
        _("Quarter"),
        _("Question"),
        _("Sub-indicator"),
        _("Respondents"),
        _("Answered “Some” or more"),
        _("Share, %"),
        _("Share the quarter before, %"),
        _("Change, p.p."),
    ]


def _percent(part: int, whole: int) -> float | None:
    return round(part / whole * 100, 1) if whole else None


def rows(pulse: DigestPulse) -> list[list[Any]]:
    """One row per question: the city's figures, numbers left as numbers."""
    result = []
    for figure in pulse.figures:
        now, before = figure.now, figure.before
        result.append(
            [
                pulse.quarter,
                item_name(figure.item),
                item_kind(figure.item),
                now.respondents,
                now.positive,
                _percent(now.positive, now.respondents),
                _percent(before.positive, before.respondents) if before is not None else None,
                figure.change,
            ]
        )
    return result
