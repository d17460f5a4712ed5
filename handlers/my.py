"""/my and “📋 My submissions”: the resident's needs page by page, each with its card and
history. Open to blocked residents too: they may still follow what they sent."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InaccessibleMessage, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import Catalog
from bot.render import need_card, need_voice, status_label, voice_label
from bot.settings import Settings
from handlers.gates import require_resident
from keyboards.menu import MY_SUBMISSIONS, MenuButton
from keyboards.my import MyNeed, MyPage, card_buttons, needs_page
from models.resident import Resident
from services import my_needs

router = require_resident(Router(name="my"), allow_blocked=True)


def _list_text(page: my_needs.Page, catalog: Catalog, language: str) -> str:
    lines = [
        _("<b>Your needs</b>: {total}. Page {page} of {pages}.").format(
            total=page.total, page=page.page + 1, pages=page.pages
        ),
        _("Choose a need to see its card and history."),
        "",
    ]
    for need in page.needs:
        category = catalog.category(need.category)
        name = category.name(language) if category else need.category
        line = f"<b>{need.number}</b> · {name}\n{status_label(need.status)}"
        voice = need_voice(need)
        lines.append(line if voice is None else f"{line}\n{voice_label(voice)}")
    return "\n".join(lines)


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """Turn the pressed message into the new view (or send it, if it can't be edited)."""
    message = query.message
    if isinstance(message, Message) and message.text is not None:
        await message.edit_text(text, reply_markup=markup)
    elif message is not None and not isinstance(message, InaccessibleMessage):
        await message.answer(text, reply_markup=markup)


@router.message(Command("my"))
@router.message(MenuButton(MY_SUBMISSIONS))
async def my_needs_list(
    message: Message, session: AsyncSession, resident: Resident, catalog: Catalog, i18n: I18n
) -> None:
    page = await my_needs.page(session, resident.id, 0)
    if not page.total:
        await message.answer(
            _("You have not sent any needs yet. Press “📝 Report a need” to send the first one.")
        )
        return
    await message.answer(
        _list_text(page, catalog, i18n.current_locale),
        reply_markup=needs_page(page.needs, page.page, page.pages),
    )


@router.callback_query(MyPage.filter())
async def turn_page(
    query: CallbackQuery,
    callback_data: MyPage,
    session: AsyncSession,
    resident: Resident,
    catalog: Catalog,
    i18n: I18n,
) -> None:
    page = await my_needs.page(session, resident.id, callback_data.page)
    await _show(
        query,
        _list_text(page, catalog, i18n.current_locale),
        needs_page(page.needs, page.page, page.pages),
    )


@router.callback_query(MyNeed.filter())
async def open_need(
    query: CallbackQuery,
    callback_data: MyNeed,
    session: AsyncSession,
    resident: Resident,
    catalog: Catalog,
    i18n: I18n,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    found = await my_needs.overview(session, callback_data.need_id, resident_id=resident.id)
    if found is None:  # someone else's need, or a forged number
        callback_answer.text = _("This need is not among yours.")
        return
    card = need_card(
        found.need,
        catalog=catalog,
        language=i18n.current_locale,
        tz=settings.tz,
        photos=found.photos,
        supporters=found.supporters,
        history=found.history,
    )
    buttons = card_buttons(found.need.id, callback_data.page, ask_verdict=found.can_reopen)
    await _show(query, card, buttons)
