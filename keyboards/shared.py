"""Keyboards that read the same for everyone in one language, built once per language.

aiogram's markups are pydantic models that could be changed in place: a shared one is only
ever sent, never changed. A caller that wants a variant builds its own keyboard.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import TypeVar

from aiogram.utils.i18n import get_i18n

Markup = TypeVar("Markup")
KEPT = 32  # per keyboard: languages x variants x I18n objects (one in production)


def per_language(build: Callable[..., Markup]) -> Callable[..., Markup]:
    """``build`` (positional, hashable arguments) once per language of the current I18n
    context, and per arguments; the texts come from the catalogs, which never change while
    Kenes runs."""
    kept: dict[tuple[Hashable, ...], Markup] = {}

    @functools.wraps(build)
    def shared(*args: Hashable) -> Markup:
        i18n = get_i18n()
        key = (i18n, i18n.current_locale, *args)
        markup = kept.get(key)
        if markup is None:
            if len(kept) >= KEPT:
                kept.clear()
            markup = kept[key] = build(*args)
        return markup

    return shared
