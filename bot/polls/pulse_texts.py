"""The two questions of SDG indicator 16.7.2 and its five-point scale, as UNDP's metadata
words them ("[country]" is Kazakhstan), translated in the kk and ru catalogs. The pulse polls
store these texts when they are created (``services.pulse.ensure``)."""

from __future__ import annotations

from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import lazy_gettext as __
from babel.support import LazyProxy

from models.poll import PulseItem
from services.pulse import Texts

QUESTIONS: dict[PulseItem, LazyProxy] = {
    PulseItem.SAY: __(
        "How much would you say the political system in Kazakhstan allows people like you "
        "to have a say in what the government does?"
    ),
    PulseItem.INFLUENCE: __(
        "How much would you say the political system in Kazakhstan allows people like you "
        "to have an influence on politics?"
    ),
}
SCALE: tuple[LazyProxy, ...] = (
    __("Not at all"),
    __("Very little"),
    __("Some"),
    __("A lot"),
    __("A great deal"),
)


def pulse_texts(i18n: I18n) -> Texts:
    """``texts(item)`` for :func:`services.pulse.ensure`: question and scale in kk and ru."""

    def texts(item: PulseItem) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
        with i18n.context():
            with i18n.use_locale("kk"):
                question_kk, scale_kk = str(QUESTIONS[item]), tuple(map(str, SCALE))
            with i18n.use_locale("ru"):
                question_ru, scale_ru = str(QUESTIONS[item]), tuple(map(str, SCALE))
        return question_kk, question_ru, scale_kk, scale_ru

    return texts
