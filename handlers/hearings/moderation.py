"""Staff read the questions residents asked about a hearing, and hide those that break the
rules (content moderation: recorded in the audit log, left out of what staff read)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router, html
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.hearings.card import title
from bot.i18n import format_datetime
from bot.render import fit, shown_text, voice_label
from keyboards.hearing_staff import (
    HideQuestion,
    ListenQuestion,
    QuestionsPage,
    StaffHearing,
    questions_keyboard,
)
from models.hearing import HearingQuestion
from services import hearing_questions, hearings

router = Router(name="hearings.moderation")


async def _show(message: Message, hearing_id: int, page: int, data: dict[str, Any]) -> bool:
    hearing = await hearings.get(data["session"], hearing_id)
    if hearing is None:
        return False
    rows, page, pages = await hearing_questions.page(data["session"], hearing_id, page)
    language, tz = data["i18n"].current_locale, data["settings"].tz
    first = page * hearing_questions.PAGE_SIZE + 1

    def listing(texts: list[str]) -> str:
        lines = [_("<b>❓ Questions to “{title}”</b>").format(title=title(hearing, language))]
        lines += [
            f"{number}. <i>{format_datetime(q.created_at, language, tz)}</i>\n"
            + "\n".join(part for part in (_spoken(q), html.quote(text)) if part)
            for number, (q, text) in enumerate(zip(rows, texts, strict=True), start=first)
        ]
        if not rows:
            lines.append(_("No questions yet."))
        elif pages > 1:
            lines.append(_("Page {page} of {pages}").format(page=page + 1, pages=pages))
        return "\n\n".join(lines)

    await message.edit_text(
        fit(listing, [shown_text(q.text) for q in rows]),
        reply_markup=questions_keyboard(hearing_id, rows, first, page, pages),
    )
    return True


def _spoken(question: HearingQuestion) -> str:
    if question.voice_file_id is None or question.voice_duration is None:
        return ""
    return voice_label(question.voice_duration)


@router.callback_query(StaffHearing.filter(F.action == "questions"))
@router.callback_query(QuestionsPage.filter())
async def show(
    query: CallbackQuery, callback_data: StaffHearing | QuestionsPage, **data: Any
) -> None:
    page = callback_data.page if isinstance(callback_data, QuestionsPage) else 0
    if isinstance(query.message, Message) and not await _show(
        query.message, callback_data.hearing_id, page, data
    ):
        data["callback_answer"].text = _("This hearing was not found.")


@router.callback_query(HideQuestion.filter())
async def hide(query: CallbackQuery, callback_data: HideQuestion, **data: Any) -> None:
    session = data["session"]
    async with session.begin():
        question = await session.get(HearingQuestion, callback_data.question_id)
    hidden = await hearing_questions.hide(session, callback_data.question_id, data["actor"])
    data["callback_answer"].text = (
        _("The question has been hidden.") if hidden else _("This question is hidden already.")
    )
    if question is not None and isinstance(query.message, Message):
        await _show(query.message, question.hearing_id, callback_data.page, data)


@router.callback_query(ListenQuestion.filter())
async def listen(query: CallbackQuery, callback_data: ListenQuestion, **data: Any) -> None:
    """The question's voice message, sent here (the audio stays in Telegram)."""
    session = data["session"]
    async with session.begin():
        question = await session.get(HearingQuestion, callback_data.question_id)
    if question is None or question.hidden or question.voice_file_id is None:
        data["callback_answer"].text = _("This voice message is no longer available.")
        return
    if isinstance(query.message, Message):
        await query.message.answer_voice(
            question.voice_file_id,
            caption=_("❓ Question {number}").format(number=callback_data.number),
        )
