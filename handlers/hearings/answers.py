"""Typed answers of the hearing flow: the value to keep, or what is wrong with it, in the
staff member's language."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _

from bot.i18n import format_number
from models.base import utcnow
from services import hearing_input as check
from services.needs import TextProblem, check_text

TEXTS = {
    "title_kk": check.TITLE,
    "title_ru": check.TITLE,
    "description_kk": check.DESCRIPTION,
    "description_ru": check.DESCRIPTION,
    "address": check.ADDRESS,
}
ONE_LINE = ("title_kk", "title_ru", "address")


def _text_problem(field: str, text: str, language: str) -> str | None:
    shortest, longest = TEXTS[field]
    problem = check_text(text, TEXTS[field])
    if problem is None:
        return None
    if problem == TextProblem.TOO_LONG:
        return _(
            "This is too long: {count} character, at most {limit} are accepted. Please "
            "shorten it.",
            "This is too long: {count} characters, at most {limit} are accepted. Please "
            "shorten it.",
            len(text),
        ).format(count=format_number(len(text), language), limit=format_number(longest, language))
    return _(
        "This is too short or has no words: please write at least {limit} characters."
    ).format(limit=shortest)


def _moment_problem(problem: check.Problem) -> str:
    return {
        check.Problem.MALFORMED: _(
            "I could not read this date. Please write it as DD.MM.YYYY HH:MM, for example "
            "25.12.2026 15:00."
        ),
        check.Problem.PAST: _(
            "This moment has already passed. Please give a date and time to come."
        ),
        check.Problem.AFTER_START: _(
            "Questions must close before the hearing starts. Please give an earlier moment."
        ),
    }[problem]


def parse_answer(
    field: str, text: str, draft: dict[str, Any], language: str, tz: ZoneInfo
) -> tuple[Any, str | None]:
    """The value for ``field`` (JSON for the draft) and no problem, or a problem to tell."""
    if field in TEXTS:
        value = " ".join(text.split()) if field in ONE_LINE else text
        return value, _text_problem(field, value, language)
    if field in ("starts_at", "questions_until"):
        moment = check.parse_moment(text, tz, utcnow())
        if isinstance(moment, check.Problem):
            return None, _moment_problem(moment)
        starts = draft.get("starts_at")
        if field == "questions_until" and starts and moment > datetime.fromisoformat(starts):
            return None, _moment_problem(check.Problem.AFTER_START)
        return moment.isoformat(), None
    if field == "link":
        link = check.parse_link(text)
        if isinstance(link, check.Problem):
            return None, _("This is not a web link. Please send one that starts with https://.")
        return link, None
    seats = check.parse_seats(text)
    if isinstance(seats, check.Problem):
        return None, _("Please send the number of seats in digits, from 1 to 100,000.")
    return seats, None


def until_after(until: str, starts: str) -> bool:
    """Whether the question deadline ``until`` falls after the start (both ISO strings)."""
    return datetime.fromisoformat(until) > datetime.fromisoformat(starts)
