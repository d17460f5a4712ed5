"""The lists moderators pick from: reasons to reject a need, and where to turn when a
question is outside the akimat's competence. The resident gets the text in their language."""

from __future__ import annotations

from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import lazy_gettext as __
from babel.support import LazyProxy

from bot.i18n import LANGUAGES

# option -> (button label, the text the resident reads)
REASONS: dict[str, tuple[LazyProxy, LazyProxy]] = {
    "unclear": (
        __("Not clear enough"),
        __(
            "the problem is not described clearly enough to act on it. Please report it "
            "again with the exact place and the details"
        ),
    ),
    "norequest": (
        __("No request to the akimat"),
        __("the message contains no request to the akimat"),
    ),
    "offensive": (
        __("Insults or obscene language"),
        __("the message contains insults or obscene language"),
    ),
}
PLACES: dict[str, tuple[LazyProxy, LazyProxy]] = {
    "eotinish": (
        __("eOtinish portal"),
        __("the eOtinish portal of appeals to state bodies, eotinish.kz"),
    ),
    "police": (__("Police, phone 102"), __("the police, by phone 102")),
    "emergency": (__("Emergency service, phone 112"), __("the emergency service, by phone 112")),
}


def in_every_language(i18n: I18n, text: LazyProxy) -> dict[str, str]:
    texts = {}
    for language in LANGUAGES:
        with i18n.use_locale(language):
            texts[language] = str(text)
    return texts
