"""The moderators' desk: posts each new or reopened need to the moderators (their group,
or each moderator and administrator privately when there is no group), keeps every copy of
its card up to date, and marks cards of needs that became overdue.

A need is claimed before it is posted (``services.cards.claim``), so it is posted once
however many updates and job runs try; when nobody could be reached the claim is let go
and the queue job (``KENES_QUEUE_INTERVAL``, on the leader) tries again. The claim is a
lease: if the process dies between the claim and the card, the need is claimed again after
``KENES_CARD_CLAIM_LEASE`` seconds. A blocked author's needs wait until the unblock.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InputMediaPhoto, ReplyParameters
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.catalog import Catalog
from bot.desk.card import card_text
from bot.settings import Settings
from keyboards.moderation import card_keyboard
from models.base import utcnow
from models.moderation import ModerationCard
from services import cards, notices
from services.cards import CardData
from services.queue import is_overdue

if TYPE_CHECKING:
    from bot.middlewares.tracker import UpdateTracker

logger = logging.getLogger(__name__)


@dataclass
class Desk:
    bot: Bot
    sessionmaker: async_sessionmaker[AsyncSession]
    i18n: I18n
    catalog: Catalog
    settings: Settings
    tracker: UpdateTracker | None = None  # counts a card being posted as the update's work
    _posting: set[asyncio.Task[None]] = field(default_factory=set)

    def _render(self, data: CardData, language: str) -> tuple[str, Any]:
        with self.i18n.context(), self.i18n.use_locale(language):
            text = card_text(
                data, catalog=self.catalog, language=language, tz=self.settings.tz, at=utcnow()
            )
            return text, card_keyboard(data.need.id, data.need.status)

    async def _targets(self) -> list[tuple[int, str]]:
        if self.settings.moderator_chat_id is not None:
            return [(self.settings.moderator_chat_id, self.settings.group_language)]
        async with self.sessionmaker() as session:
            return await cards.private_recipients(
                session, self.settings.admin_ids, self.settings.default_language
            )

    async def _send(self, data: CardData, chat_id: int, language: str) -> bool:
        """Photos (an album, or the one photo), then the card with its buttons, then the
        voice message (if any) in reply to the card."""
        text, markup = self._render(data, language)
        with self.i18n.context(), self.i18n.use_locale(language):
            caption = _("📷 Need {number}: photos").format(number=data.need.number)
        media: list[int] = []  # the author's photos and voice: erasure deletes them
        try:
            if len(data.photos) > 1:
                album = [
                    InputMediaPhoto(media=file_id, caption=caption if index == 0 else None)
                    for index, file_id in enumerate(data.photos)
                ]
                posted = await self.bot.send_media_group(chat_id, album)  # type: ignore[arg-type]
                media += [message.message_id for message in posted]
            elif data.photos:
                photo = await self.bot.send_photo(chat_id, data.photos[0], caption=caption)
                media.append(photo.message_id)
            sent = await self.bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramAPIError as error:
            logger.warning("need %s: card not sent to a chat: %s", data.need.number, error)
            async with self.sessionmaker() as session:
                await cards.remember_media(session, data.need.id, chat_id, media)
            return False
        async with self.sessionmaker() as session:
            await cards.remember(session, data.need.id, chat_id, sent.message_id, language)
        voice = await self._send_voice(data, chat_id, sent.message_id)
        async with self.sessionmaker() as session:
            await cards.remember_media(
                session, data.need.id, chat_id, media + ([voice] if voice else [])
            )
        return True

    async def _send_voice(self, data: CardData, chat_id: int, card_id: int) -> int | None:
        """The need's voice message, captioned with its number, as a reply to the card (its
        message id). The card is posted already: a voice that cannot be sent is logged, not
        retried."""
        need = data.need
        if need.voice_file_id is None:
            return None
        try:
            sent = await self.bot.send_voice(
                chat_id,
                need.voice_file_id,
                caption=need.number,
                reply_parameters=ReplyParameters(
                    message_id=card_id, allow_sending_without_reply=True
                ),
            )
        except TelegramAPIError as error:
            logger.warning("need %s: voice message not sent to a chat: %s", need.number, error)
            return None
        return sent.message_id

    async def delete_media(self, need_ids: list[int]) -> None:
        """Delete the author's photos and voice messages posted with these needs' cards (the
        author erased their data; the cards themselves say so, ``refresh``). A message
        Telegram no longer lets Kenes delete is logged."""
        async with self.sessionmaker() as session:
            posted = await cards.take_media(session, need_ids)
        for chat_id, message_id in posted:
            try:
                await self.bot.delete_message(chat_id, message_id)
            except TelegramAPIError as error:
                logger.info("an erased author's photo or voice not deleted: %s", error)

    def publish_soon(self, need_id: int) -> None:
        """:meth:`publish` in the background, as the update that filed the need goes on: the
        resident's answer (the button's spinner) does not wait for a call to Telegram per
        moderators' chat. The tracker counts it as the update's work, and shutdown waits for it
        (:meth:`finish_posting`). Should the process stop first, or the posting fail, the need
        stays unposted or its claim runs out, and the queue job posts it (see the module's
        docstring)."""
        task = asyncio.create_task(self._publish_logged(need_id), name=f"desk-post-{need_id}")
        self._posting.add(task)  # a task nobody holds may be collected before it ends
        task.add_done_callback(self._posting.discard)
        tracker = self.tracker
        if tracker is not None:
            tracker.work_started()
            task.add_done_callback(lambda _task: tracker.work_finished())

    async def finish_posting(self, timeout: float) -> None:
        """Wait (``timeout`` seconds at most) for the cards :meth:`publish_soon` is posting: at
        shutdown, so that a card sent is also recorded as posted (else the queue job would post
        it again once its claim ran out)."""
        if self._posting:
            await asyncio.wait(set(self._posting), timeout=timeout)

    async def _publish_logged(self, need_id: int) -> None:
        try:
            await self.publish(need_id)
        except Exception:
            logger.exception(
                "need %s not posted to the moderators now; the queue job will", need_id
            )

    async def publish(self, need_id: int) -> int:
        """Post a new or reopened need to the moderators; how many got its card."""
        targets = await self._targets()
        if not targets:
            return 0  # nobody to tell yet: stays unclaimed for when there is someone
        lease = self.settings.card_claim_lease
        async with self.sessionmaker() as session:
            claim = await cards.claim(session, need_id, lease=lease)
        if claim is None:
            return 0
        if claim.withheld:  # blocked just now: waits for the unblock
            async with self.sessionmaker() as session:
                await cards.unclaim(session, need_id, claim.at)
            return 0
        await self.refresh(need_id)  # a reopened need: its earlier cards say so too
        posted = 0
        for chat_id, language in targets:
            posted += await self._send(claim.data, chat_id, language)
        async with self.sessionmaker() as session:
            if posted:
                await cards.posted(session, need_id, claim.at)
            else:
                await cards.unclaim(session, need_id, claim.at)
        return posted

    async def show(self, need_id: int, chat_id: int, language: str) -> bool:
        """A copy of the card here and now (``/queue``), kept up to date like the others."""
        async with self.sessionmaker() as session:
            data = await cards.load(session, need_id)
        return data is not None and await self._send(data, chat_id, language)

    async def refresh(self, need_id: int) -> None:
        """Edit every copy of the need's card to what the need is now."""
        async with self.sessionmaker() as session:
            data = await cards.load(session, need_id)
            copies = await cards.copies(session, need_id)
        if data is None:
            return
        for copy in copies:
            await self._edit(data, copy)
        async with self.sessionmaker() as session:
            await cards.mark_overdue_shown(session, need_id, is_overdue(data.need, utcnow()))

    async def _edit(self, data: CardData, copy: ModerationCard) -> None:
        text, markup = self._render(data, copy.language)
        try:
            await self.bot.edit_message_text(
                text, chat_id=copy.chat_id, message_id=copy.message_id, reply_markup=markup
            )
        except TelegramAPIError as error:  # deleted by a moderator, chat left...
            logger.info("need %s: a card copy not edited: %s", data.need.number, error)

    async def notice_done(self, notice_id: int | None) -> None:
        """A notice has been delivered, or could not be: when the author did not get it, the
        need's card says so."""
        async with self.sessionmaker() as session:
            notice = await notices.get(session, notice_id)
            if notice is None or notice.need_id is None:
                return
            async with session.begin():
                state = await notices.author_delivery(session, notice.need_id)
        if state not in (None, "sent", "pending"):
            await self.refresh(notice.need_id)

    async def post_waiting(self) -> int:
        """Post what is waiting: not posted yet, its claim lost, or its author unblocked."""
        async with self.sessionmaker() as session:
            waiting = await cards.postable(session, lease=self.settings.card_claim_lease)
        return sum([await self.publish(need_id) for need_id in waiting])

    async def tick(self) -> None:
        """The queue job: post what could not be posted, flag cards that became overdue."""
        await self.post_waiting()
        async with self.sessionmaker() as session:
            overdue = await cards.newly_overdue(session, utcnow())
        for need_id in overdue:
            await self.refresh(need_id)
