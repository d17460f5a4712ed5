"""Who is in the playground: two residents (Telegram in Kazakh and in Russian), a moderator
who is also an administrator, and the moderators' group Kenes reports to.

The bot is started with ``KENES_MODERATOR_CHAT_ID`` set to the group and the moderator in
``KENES_ADMIN_IDS``; values already set in the environment are kept (the group and the
moderator then get those ids), so the playground behaves like the configured bot.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import Settings
from playground.emulator import Emulator

MODERATOR_ID = 9001
MODERATOR_NAME = "Модератор"
MODERATOR_CHAT_ID = -1001000000001
MODERATORS_TITLE = "Kenes: модераторлар / модераторы"
RESIDENTS = ((1001, "Айгерім", "kk"), (1002, "Ольга", "ru"))


@dataclass(frozen=True)
class Cast:
    moderator_id: int
    moderator_chat_id: int
    group_title: str = MODERATORS_TITLE
    moderator_name: str = MODERATOR_NAME

    @classmethod
    def for_settings(cls, settings: Settings) -> Cast:
        return cls(
            moderator_id=settings.admin_ids[0] if settings.admin_ids else MODERATOR_ID,
            moderator_chat_id=settings.moderator_chat_id or MODERATOR_CHAT_ID,
        )

    def configure(self, settings: Settings) -> Settings:
        """The bot's settings with this cast's group and administrator."""
        admins = settings.admin_ids or [self.moderator_id]
        return settings.model_copy(
            update={"moderator_chat_id": self.moderator_chat_id, "admin_ids": admins}
        )

    def populate(self, emulator: Emulator) -> None:
        for user_id, name, language in RESIDENTS:
            if user_id != self.moderator_id:
                emulator.user(user_id, first_name=name, language_code=language)
        emulator.user(self.moderator_id, first_name=self.moderator_name, language_code="ru")
        emulator.group(self.moderator_chat_id, self.group_title, [self.moderator_id])
