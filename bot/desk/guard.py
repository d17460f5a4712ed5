"""The moderators' group shows residents' personal data, so Kenes guards who is in it.

Kenes must be an administrator of the group (with the right to ban users) to hear who joins
(``chat_member`` updates reach administrators only) and to remove them. At start-up, and
whenever its own rights change, it checks this and tells the log and the administrators what
is missing. Someone who joins and is neither a moderator nor an administrator of Kenes is
reported to the administrators (each in their language) and, with
``KENES_MODERATOR_CHAT_STRICT`` (default), removed: banned, then unbanned so that they can
come back once they are made a moderator. A moderator who is removed leaves the group too,
and their private copies of cards say "no longer available" instead of being kept up to
date."""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiogram import Bot, html
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import ChatMemberUpdated, User
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from models.repositories import staff as staff_repo
from services import group_members
from services.group_members import PRESENT
from services.staff import role_of

logger = logging.getLogger(__name__)
UNREACHABLE, NOT_ADMIN, NO_BAN_RIGHT = "unreachable", "not_admin", "no_ban_right"
LOGGED = {
    UNREACHABLE: "Kenes cannot see the moderators' group (KENES_MODERATOR_CHAT_ID): add it there",
    NOT_ADMIN: "Kenes is not an administrator of the moderators' group: it cannot see who "
    "joins, nor remove anyone",
    NO_BAN_RIGHT: "Kenes may not ban users in the moderators' group: it cannot remove anyone",
}
JOINED = ("member", "restricted", "administrator", "creator")


def missing_text(problem: str) -> str:
    return {
        UNREACHABLE: _(
            "⚠️ Kenes cannot reach the moderators' group. Add Kenes to the group and make it "
            "an administrator with the right to ban users."
        ),
        NOT_ADMIN: _(
            "⚠️ Kenes is not an administrator of the moderators' group, so it cannot see who "
            "joins the group or remove anyone. Make Kenes an administrator with the right to "
            "ban users."
        ),
        NO_BAN_RIGHT: _(
            "⚠️ Kenes is an administrator of the moderators' group without the right to ban "
            "users, so it cannot remove anyone. Give Kenes this right."
        ),
    }[problem]


def stranger_text(user: User, removed: bool) -> str:
    who = _("{name} (id {id})").format(name=html.quote(user.full_name), id=user.id)
    if removed:
        return _(
            "⚠️ {who} joined the moderators' group but is neither a moderator nor an "
            "administrator of Kenes. Kenes removed them from the group: they may join again "
            "once you make them a moderator (/moderators)."
        ).format(who=who)
    return _(
        "⚠️ {who} joined the moderators' group but is neither a moderator nor an administrator "
        "of Kenes, and can read every card there. Remove them from the group, or make them a "
        "moderator (/moderators)."
    ).format(who=who)


@dataclass
class GroupGuard:
    bot: Bot
    sessionmaker: async_sessionmaker[AsyncSession]
    i18n: I18n
    settings: Settings

    async def check(self) -> list[str]:
        """What Kenes lacks in the group (logged and told to the administrators); when
        nothing, who is in it is looked up for ``/staff``."""
        group = self.settings.moderator_chat_id
        if group is None:
            return []
        try:
            me = await self.bot.get_chat_member(group, self.bot.id)
        except TelegramAPIError:
            problems = [UNREACHABLE]
        else:
            if me.status == "creator":
                problems = []
            elif me.status != "administrator":
                problems = [NOT_ADMIN]
            else:
                can_ban = bool(getattr(me, "can_restrict_members", False))
                problems = (
                    [] if can_ban or not self.settings.moderator_chat_strict else [NO_BAN_RIGHT]
                )
        for problem in problems:
            logger.warning("moderators' group: %s", LOGGED[problem])
            await self._tell_admins(functools.partial(missing_text, problem))
        if not problems or problems == [NO_BAN_RIGHT]:
            await self._look_up(group)
        return problems

    async def _look_up(self, group: int) -> None:
        """Who of the staff and the group's administrators is in the group now."""
        with contextlib.suppress(TelegramAPIError):
            for admin in await self.bot.get_chat_administrators(group):
                if admin.user.id != self.bot.id:
                    await self._record(group, admin.user, admin.status)
        async with self.sessionmaker() as session, session.begin():
            moderators = [m.telegram_id for m in await staff_repo.active(session)]
        for person in dict.fromkeys([*self.settings.admin_ids, *moderators]):
            try:
                member = await self.bot.get_chat_member(group, person)
            except TelegramAPIError:
                continue
            await self._record(group, member.user, member.status)

    async def _record(self, group: int, user: User, status: str) -> bool:
        """Remember the status; whether the person is staff of Kenes."""
        async with self.sessionmaker() as session:
            role = await group_members.record(
                session, group, user.id, status, user.full_name, self.settings.admin_ids
            )
        return role is not None

    async def member_changed(self, event: ChatMemberUpdated) -> None:
        """Someone's status in the group changed: remember it; a stranger who joined is
        reported and (strict) removed."""
        user, status = event.new_chat_member.user, event.new_chat_member.status
        if user.id == self.bot.id:
            return
        staff = await self._record(event.chat.id, user, status)
        joined = status in JOINED and event.old_chat_member.status in ("left", "kicked")
        if not joined or staff:
            return
        removed = self.settings.moderator_chat_strict and await self.remove(user.id)
        await self._tell_admins(lambda: stranger_text(user, removed))

    async def spoke(self, user: User) -> None:
        """Someone said or pressed something in the group. Kenes hears no one join while it
        is not an administrator, so a stranger who came in before that is met here: reported
        once, and (strict) removed, as if they had just joined. Someone who is no longer
        staff and was left in the group (Kenes could not remove them then) is removed now."""
        group = self.settings.moderator_chat_id
        if group is None or user.is_bot:
            return
        async with self.sessionmaker() as session:
            known = await group_members.status_of(session, group, user.id) in PRESENT
            role = await role_of(session, user.id, self.settings.admin_ids)
        if not known:
            await self._record(group, user, "member")
        if role is not None or (known and not self.settings.moderator_chat_strict):
            return
        removed = self.settings.moderator_chat_strict and await self.remove(user.id)
        if not known:
            await self._tell_admins(lambda: stranger_text(user, removed))

    async def remove(self, user_id: int) -> bool:
        """Take the person out of the group (ban, then unban: they may join again later)."""
        group = self.settings.moderator_chat_id
        if group is None or user_id in self.settings.admin_ids:
            return False
        try:
            await self.bot.ban_chat_member(group, user_id)
            await self.bot.unban_chat_member(group, user_id)
        except TelegramAPIError as error:
            logger.warning("moderators' group: a member not removed: %s", error)
            return False
        async with self.sessionmaker() as session:
            await group_members.record(
                session, group, user_id, "left", "", self.settings.admin_ids
            )
        return True

    async def moderator_removed(self, user_id: int) -> bool:
        """A moderator was removed: out of the group, and their private card copies are no
        longer kept up to date but say that they are no longer available. ``False`` when
        they could not be taken out of the group (Kenes lacks the right)."""
        out = self.settings.moderator_chat_id is None or await self.remove(user_id)
        async with self.sessionmaker() as session:
            copies = await group_members.withdraw_copies(session, user_id)
        for copy in copies:
            with self.i18n.context(), self.i18n.use_locale(copy.language):
                text = _("This card is no longer available to you.")
            try:
                await self.bot.edit_message_text(
                    text, chat_id=copy.chat_id, message_id=copy.message_id, reply_markup=None
                )
            except TelegramAPIError as error:
                logger.info("a removed moderator's card copy not replaced: %s", error)
        return out

    async def _tell_admins(self, render: Callable[[], str]) -> None:
        async with self.sessionmaker() as session:
            languages = await group_members.admin_languages(
                session, self.settings.admin_ids, self.settings.default_language
            )
        for admin, language in languages.items():
            with self.i18n.context(), self.i18n.use_locale(language):
                text = render()
            try:
                await self.bot.send_message(admin, text)
            except TelegramForbiddenError:
                logger.info("an administrator not told: they never wrote to Kenes")
            except TelegramAPIError as error:
                logger.warning("an administrator not told: %s", error)
