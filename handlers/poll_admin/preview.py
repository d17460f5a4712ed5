"""The last step of the creation flow: the poll as residents will see it, in both languages,
with what was chosen, and “Publish” or “Discard”."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from bot.hearings.card import title
from bot.i18n import CONTENT_LANGUAGES, LANGUAGE_NAMES, format_datetime, format_number
from bot.polls.render import card_text
from bot.settings import Settings
from handlers.poll_admin.states import PollDraft
from keyboards.poll_admin import decision_keyboard
from models.base import utcnow
from models.poll import Audience, Poll, PollOption, Visibility
from services import hearings, polls
from services.polls import NewPoll, PollView


def new_poll(draft: PollDraft, timezone: str, now: datetime) -> NewPoll:
    opens_at = draft.get("opens_at")
    return NewPoll(
        question_kk=draft["question_kk"],
        question_ru=draft["question_ru"],
        options_kk=tuple(draft["options_kk"]),
        options_ru=tuple(draft["options_ru"]),
        multiple=draft["multiple"],
        audience=draft["audience"],
        audience_code=draft.get("audience_code"),
        visibility=draft["visibility"],
        opens_at=datetime.fromisoformat(opens_at) if opens_at else now,
        closes_at=datetime.fromisoformat(draft["closes_at"]),
        timezone=timezone,
        hearing_id=draft.get("hearing_id"),
    )


def _as_residents_see_it(new: NewPoll) -> PollView:
    """A poll not stored anywhere, to show how it will look."""
    poll = Poll(
        question_kk=new.question_kk,
        question_ru=new.question_ru,
        multiple=new.multiple,
        visibility=new.visibility,
        opens_at=new.opens_at,
        closes_at=new.closes_at,
    )
    options = tuple(
        PollOption(position=position, text_kk=kk, text_ru=ru)
        for position, (kk, ru) in enumerate(zip(new.options_kk, new.options_ru, strict=True))
    )
    return PollView(poll, options)


def audience_label(kind: str, code: str | None, catalog: Catalog, language: str) -> str:
    if kind == Audience.DISTRICT:
        entry = catalog.district(code)
        return _("residents of {name}").format(name=entry.name(language) if entry else code)
    if kind == Audience.TOPIC:
        entry = catalog.category(code)
        return _("residents interested in “{name}”").format(
            name=entry.name(language) if entry else code
        )
    return _("everyone who allowed announcements")


async def _hearing_line(data: dict[str, Any], hearing_id: int, language: str) -> str:
    hearing = await hearings.get(data["session"], hearing_id)
    name = title(hearing, language) if hearing is not None else f"#{hearing_id}"
    return _("About the hearing: {title}").format(title=name)


async def show_preview(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    draft: PollDraft = await state.get_data()  # type: ignore[assignment]
    settings: Settings = data["settings"]
    catalog: Catalog = data["catalog"]
    i18n: I18n = data["i18n"]
    language = i18n.current_locale
    now = utcnow()
    new = new_poll(draft, settings.timezone, now)
    view = _as_residents_see_it(new)
    parts = [_("👀 <b>Preview.</b> This is how residents will see the poll.")]
    for code in CONTENT_LANGUAGES:
        with i18n.use_locale(code):
            card = card_text(view, code, settings.tz, choices=frozenset(), now=now, results=None)
        parts.append(f"{LANGUAGE_NAMES[code]}:\n<blockquote>{card}</blockquote>")
    size = await polls.audience_size(data["session"], new.audience, new.audience_code)
    opens = (
        format_datetime(new.opens_at, language, settings.tz)
        if draft.get("opens_at")
        else _("as soon as it is published")
    )
    summary = [await _hearing_line(data, new.hearing_id, language)] if new.hearing_id else []
    summary += [
        _("Answers: several") if new.multiple else _("Answers: one"),
        _(
            "Audience: {audience} ({count} resident now)",
            "Audience: {audience} ({count} residents now)",
            size,
        ).format(
            audience=audience_label(new.audience, new.audience_code, catalog, language),
            count=format_number(size, language),
        ),
        _("Opens: {date}").format(date=opens),
        _("Closes: {date}").format(date=format_datetime(new.closes_at, language, settings.tz)),
        _("Results: right after answering")
        if new.visibility == Visibility.ANSWERED
        else _("Results: only after the poll closes"),
        "",
        _("Publish it?"),
    ]
    parts.append("\n".join(summary))
    await message.answer("\n\n".join(parts), reply_markup=decision_keyboard())
