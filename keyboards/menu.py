"""The resident's main menu (a reply keyboard) and the filter that recognises its buttons
in every language, so a keyboard sent before a language switch keeps working."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import KeyboardButton, Message, ReplyKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import lazy_gettext as __
from babel.support import LazyProxy

from bot.i18n import LANGUAGES
from keyboards.shared import per_language

REPORT_NEED = __("📝 Report a need")
RATE_SERVICE = __("⭐ Rate a service")
HEARINGS = __("🏛 Public hearings")
MY_SUBMISSIONS = __("📋 My submissions")
LANGUAGE = __("🌐 Language")
HELP = __("❓ Help")
STATS = __("📊 City statistics")
POLLS = __("🗳 Polls")
CANCEL = __("❌ Cancel")

MENU_ROWS: tuple[tuple[LazyProxy, ...], ...] = (
    (REPORT_NEED, RATE_SERVICE),
    (HEARINGS, MY_SUBMISSIONS),
    (POLLS, STATS),
    (LANGUAGE, HELP),
)


@per_language
def main_menu() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=str(label)) for label in row] for row in MENU_ROWS],
        resize_keyboard=True,
        is_persistent=True,
    )


@per_language
def cancel_keyboard() -> ReplyKeyboardMarkup:
    """Shown while a flow runs, instead of the menu: its one button leaves the flow."""
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=str(CANCEL))]], resize_keyboard=True, is_persistent=True
    )


class MenuButton(Filter):
    """Matches a menu button's text in any of Kenes' languages: one set lookup, the texts
    being worked out once for an ``I18n`` (``bot.routing`` also reads them, to leave out the
    buttons a text cannot be)."""

    def __init__(self, label: LazyProxy) -> None:
        self.label = label
        self._texts: tuple[I18n, frozenset[str]] | None = None

    def texts(self, i18n: I18n) -> frozenset[str]:
        """The button's text in every language, as ``i18n`` translates it."""
        if self._texts is None or self._texts[0] is not i18n:
            texts = set()
            with i18n.context():
                for language in LANGUAGES:
                    with i18n.use_locale(language):
                        texts.add(str(self.label))
            self._texts = (i18n, frozenset(texts))
        return self._texts[1]

    async def __call__(self, message: Message, i18n: I18n) -> bool:
        return message.text is not None and message.text in self.texts(i18n)
