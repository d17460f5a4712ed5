"""Answers to bad input in the need flow: what was wrong and how to fix it."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _

from bot.i18n import format_number
from services.needs import ADDRESS_LENGTH, DESCRIPTION_LENGTH, MAX_PHOTO_BYTES, TextProblem


def address_problem(problem: TextProblem) -> str:
    if problem == TextProblem.TOO_LONG:
        return _(
            "This address is too long: at most {limit} characters. Please type only the "
            "street, house number or a landmark."
        ).format(limit=ADDRESS_LENGTH[1])
    if problem == TextProblem.NO_WORDS:
        return _("Please type the address in letters and numbers: street, house number.")
    return _("This address is too short. Please type the street and house number, or a landmark.")


def description_problem(problem: TextProblem, length: int, language: str) -> str:
    if problem == TextProblem.TOO_LONG:
        return _(
            "The description is too long: {count} character, at most {limit} are accepted. "
            "Please shorten it and send it again; your earlier answers are kept.",
            "The description is too long: {count} characters, at most {limit} are accepted. "
            "Please shorten it and send it again; your earlier answers are kept.",
            length,
        ).format(
            count=format_number(length, language),
            limit=format_number(DESCRIPTION_LENGTH[1], language),
        )
    if problem == TextProblem.NO_WORDS:
        return _("Please describe the problem in words, not only with emoji or symbols.")
    return _(
        "The description is too short. Please describe the problem in at least {limit} "
        "characters: what is wrong and where."
    ).format(limit=DESCRIPTION_LENGTH[0])


def not_a_photo() -> str:
    return _(
        "Here I need a photo sent as a picture, not as a file or sticker. Send a photo, or "
        "press the button below."
    )


def photo_too_large(size: int, language: str) -> str:
    return _(
        "This photo is too large: {size} MB, at most {limit} MB are accepted. Please send a "
        "smaller one."
    ).format(
        size=format_number(round(size / 1024 / 1024, 1), language),
        limit=format_number(MAX_PHOTO_BYTES // 1024 // 1024, language),
    )


def limit_reached(limit: int) -> str:
    return _(
        "You have sent {count} need today, the most one resident can send in a day. Please "
        "come back tomorrow.",
        "You have sent {count} needs today, the most one resident can send in a day. Please "
        "come back tomorrow.",
        limit,
    ).format(count=limit)
