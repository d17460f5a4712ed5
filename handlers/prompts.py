"""Messages more than one handler sends: the language choice, the consent request and the
main menu."""

from __future__ import annotations

from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.i18n import CONTENT_LANGUAGES
from keyboards.common import consent_keyboard, language_keyboard
from keyboards.menu import main_menu


async def ask_language(message: Message, i18n: I18n, preferred: str | None) -> None:
    """Greet and offer the languages: in the preferred one, or in both when unknown."""
    paragraphs = []
    for language in (preferred,) if preferred else CONTENT_LANGUAGES:
        with i18n.use_locale(language):
            paragraphs.append(
                _("Hello! This is Kenes, the bot through which residents talk to the city akimat.")
                + "\n"
                + _("Please choose your language.")
            )
    await message.answer("\n\n".join(paragraphs), reply_markup=language_keyboard(preferred))


async def ask_consent(message: Message) -> None:
    await message.answer(
        _(
            "<b>Consent to the processing of personal data</b>\n\n"
            "Under the Law of the Republic of Kazakhstan No. 94-V of 21 May 2013 "
            "“On Personal Data and Their Protection”, Kenes asks for your consent before "
            "it keeps anything about you.\n\n"
            "<b>What is kept:</b> your Telegram ID, your language and what you send: "
            "requests, addresses and locations, photos, ratings, questions, hearing "
            "registrations.\n"
            "<b>Why:</b> to pass your requests to the akimat, to tell you what happened with "
            "them and to publish anonymised statistics.\n"
            "<b>How long:</b> while you use Kenes. Anonymised submissions stay in the city's "
            "statistics.\n"
            "<b>How to delete:</b> send /delete_me at any time and your personal data will "
            "be erased.\n\n"
            "Do you agree?"
        ),
        reply_markup=consent_keyboard(),
    )


async def show_main_menu(message: Message, text: str | None = None) -> None:
    await message.answer(
        text or _("What would you like to do? Choose an item in the menu below."),
        reply_markup=main_menu(),
    )
