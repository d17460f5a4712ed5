from __future__ import annotations

from collections import OrderedDict
from typing import Any

from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18n, I18nMiddleware

from bot.i18n import pick_language
from models.resident import Resident


class LanguageMemory:
    """Last known language per Telegram user, for answers given when the database is down."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._languages: OrderedDict[int, str] = OrderedDict()

    def remember(self, user_id: int, language: str) -> None:
        self._languages[user_id] = language
        self._languages.move_to_end(user_id)
        if len(self._languages) > self.size:
            self._languages.popitem(last=False)

    def recall(self, user: User | None, default: str) -> str:
        if user is None:
            return default
        return self._languages.get(user.id) or pick_language(user.language_code) or default


class ResidentLocale(I18nMiddleware):
    """The resident's stored choice, else Telegram's ``language_code``, else the default."""

    def __init__(self, i18n: I18n, memory: LanguageMemory) -> None:
        super().__init__(i18n=i18n)
        self.memory = memory

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        resident: Resident | None = data.get("resident")
        user: User | None = data.get("event_from_user")
        if resident is not None:
            if user is not None:
                self.memory.remember(user.id, resident.language)
            return resident.language
        return self.memory.recall(user, self.i18n.default_locale)
