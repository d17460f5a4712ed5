"""The button steps of the creation flow, and publishing. Each press is checked again (a
forged or stale button gets “not available”), and the staff gate has checked the role."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.catalog import Catalog
from bot.flows import reprompt
from bot.i18n import format_datetime
from bot.settings import Settings
from handlers.buttons import take_buttons_away
from handlers.choosing import not_available
from handlers.poll_admin.preview import new_poll
from handlers.poll_admin.states import PollDraftFlow
from handlers.prompts import show_main_menu
from keyboards.poll_admin import (
    DraftAudience,
    DraftCode,
    DraftDecision,
    DraftKind,
    DraftNow,
    DraftVisibility,
)
from models.base import utcnow
from models.poll import Audience, Visibility
from models.resident import Resident
from scheduler.polls import nudge
from services import polls
from services.staff import Actor

router = Router(name="poll_admin.choices")


async def _next(query: CallbackQuery, state: FSMContext, data: dict[str, Any], step: Any) -> None:
    message = await take_buttons_away(query)
    await state.set_state(step)
    if message is not None:
        await reprompt(message, state, data)


@router.callback_query(PollDraftFlow.kind, DraftKind.filter())
async def kind(
    query: CallbackQuery, callback_data: DraftKind, state: FSMContext, **data: Any
) -> None:
    await state.update_data(multiple=callback_data.multiple)
    await _next(query, state, data, PollDraftFlow.audience)


@router.callback_query(PollDraftFlow.audience, DraftAudience.filter())
async def audience(
    query: CallbackQuery, callback_data: DraftAudience, state: FSMContext, **data: Any
) -> None:
    if callback_data.kind not in set(Audience):
        data["callback_answer"].text = not_available()
        return
    await state.update_data(audience=callback_data.kind, audience_code=None)
    step = (
        PollDraftFlow.opens if callback_data.kind == Audience.ALL else PollDraftFlow.audience_code
    )
    await _next(query, state, data, step)


@router.callback_query(PollDraftFlow.audience_code, DraftCode.filter())
async def audience_code(
    query: CallbackQuery,
    callback_data: DraftCode,
    state: FSMContext,
    catalog: Catalog,
    **data: Any,
) -> None:
    topic = (await state.get_data()).get("audience") == Audience.TOPIC
    entry = (catalog.category if topic else catalog.district)(callback_data.code)
    answer: CallbackAnswer = data["callback_answer"]
    if entry is None:
        answer.text = not_available()
        return
    answer.text = entry.name(data["i18n"].current_locale)
    await state.update_data(audience_code=entry.code)
    await _next(query, state, data | {"catalog": catalog}, PollDraftFlow.opens)


@router.callback_query(PollDraftFlow.opens, DraftNow.filter())
async def now(query: CallbackQuery, state: FSMContext, **data: Any) -> None:
    await state.update_data(opens_at=None)
    await _next(query, state, data, PollDraftFlow.closes)


@router.callback_query(PollDraftFlow.visibility, DraftVisibility.filter())
async def visibility(
    query: CallbackQuery, callback_data: DraftVisibility, state: FSMContext, **data: Any
) -> None:
    if callback_data.mode not in set(Visibility):
        data["callback_answer"].text = not_available()
        return
    await state.update_data(visibility=callback_data.mode)
    await _next(query, state, data, PollDraftFlow.preview)


@router.callback_query(PollDraftFlow.preview, DraftDecision.filter())
async def decide(
    query: CallbackQuery,
    callback_data: DraftDecision,
    state: FSMContext,
    actor: Actor,
    settings: Settings,
    scheduler: AsyncIOScheduler,
    resident: Resident | None,
    **data: Any,
) -> None:
    message = await take_buttons_away(query)
    if message is None:
        return
    if not callback_data.publish:
        await state.clear()
        await _finish(message, resident, _("The poll was discarded. Nothing was sent."))
        return
    now = utcnow()
    new = new_poll(await state.get_data(), settings.timezone, now)  # type: ignore[arg-type]
    if new.closes_at <= now:
        await state.set_state(PollDraftFlow.closes)
        await message.answer(_("The closing time has passed meanwhile."))
        await reprompt(message, state, data | {"settings": settings})
        return
    language = data["i18n"].current_locale
    poll = await polls.publish(data["session"], new, actor, language=language)
    await state.clear()
    nudge(scheduler, settings.tz)
    if new.opens_at <= now:
        text = _("✅ Poll №{number} is published and opens now.").format(number=poll.id)
    else:
        text = _("✅ Poll №{number} is published. Opens: {date}.").format(
            number=poll.id, date=format_datetime(new.opens_at, language, settings.tz)
        )
    text += "\n" + _("Residents get it in their language; you will see here how the sending goes.")
    await _finish(message, resident, text)


async def _finish(message: Message, resident: Resident | None, text: str) -> None:
    if resident is not None and resident.has_consented:
        await show_main_menu(message, text)
    else:
        await message.answer(text, reply_markup=ReplyKeyboardRemove())
