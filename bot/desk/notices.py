"""What residents are told about moderators' actions, each in their own language: status
changes (with the reason or the answer in their language when it came from a list or a
template), answers, routing to a department, blocking and unblocking."""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Mapping

from aiogram import html
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.utils.i18n import gettext as _

from bot.desk.desk import Desk
from bot.i18n import LANGUAGES
from bot.latin import for_reader
from bot.notifications import notify_status_change
from services import residents
from services.blocking import Blocking
from services.moderation import Replied, Routed
from services.statuses import Recipient, StatusChange

logger = logging.getLogger(__name__)
Texts = Mapping[str, str]  # language -> text


def same_in_every_language(text: str) -> dict[str, str]:
    """A text a moderator typed: every resident gets it as it is."""
    return {language: for_reader(text, language) for language in LANGUAGES}


async def _send(desk: Desk, telegram_id: int, text: str, photo: str | None = None) -> None:
    try:
        if photo is None:
            await desk.bot.send_message(telegram_id, text)
        else:
            await desk.bot.send_photo(telegram_id, photo, caption=text)
    except TelegramForbiddenError:
        async with desk.sessionmaker() as session:
            await residents.set_bot_blocked(session, telegram_id, blocked=True)
    except TelegramAPIError as error:
        logger.warning("a moderator's notice not delivered: %s", error)


def _header(number: str, category: str, language: str, desk: Desk) -> str:
    entry = desk.catalog.category(category)
    return _("<b>Need {number}</b> · {category}").format(
        number=number, category=entry.name(language) if entry else category
    )


async def tell_status(
    desk: Desk, change: StatusChange, *, comments: Texts | None = None, photo: str | None = None
) -> None:
    by_language: dict[str, list[Recipient]] = defaultdict(list)
    for recipient in change.recipients:
        by_language[recipient.language].append(recipient)
    for language, group in by_language.items():
        comment = comments.get(language, change.comment) if comments else change.comment
        await notify_status_change(
            dataclasses.replace(change, comment=comment, recipients=tuple(group)),
            bot=desk.bot,
            i18n=desk.i18n,
            sessionmaker=desk.sessionmaker,
            catalog=desk.catalog,
            settings=desk.settings,
        )
    if photo is None:
        return
    for recipient in change.recipients:
        with desk.i18n.context(), desk.i18n.use_locale(recipient.language):
            caption = _("📷 The result: need {number}").format(number=change.number)
        await _send(desk, recipient.telegram_id, caption, photo)


async def tell_reply(desk: Desk, replied: Replied, texts: Texts) -> None:
    author = replied.author
    if author is None:
        return
    with desk.i18n.context(), desk.i18n.use_locale(author.language):
        text = "\n\n".join(
            [
                _header(replied.number, replied.category, author.language, desk),
                _("💬 The akimat's answer:") + "\n" + html.quote(texts[author.language]),
            ]
        )
    await _send(desk, author.telegram_id, text)


async def tell_route(desk: Desk, routed: Routed) -> None:
    author = routed.author
    if author is None:
        return
    language = author.language
    with desk.i18n.context(), desk.i18n.use_locale(language):
        text = (
            _header(routed.number, routed.category, language, desk)
            + "\n\n"
            + _("Your need has been passed to the department responsible: {department}.").format(
                department=html.quote(routed.department.name(language))
            )
        )
    await _send(desk, author.telegram_id, text)


async def tell_blocking(desk: Desk, blocking: Blocking, reason: str | None) -> None:
    with desk.i18n.context(), desk.i18n.use_locale(blocking.language):
        text = (
            _(
                "The akimat's moderators have restricted your access to submissions. "
                "Reason: {reason}"
            ).format(reason=html.quote(reason))
            if reason is not None
            else _("The akimat's moderators have restored your access to submissions.")
        )
    await _send(desk, blocking.telegram_id, text)
