"""Adding and editing a reply template (a text per language) or a department (a name per
language, then its categories); the flow is drawn in ``handlers/admin/states.py``."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot import flows
from bot.i18n import CONTENT_LANGUAGES
from handlers.admin.states import Draft, Editing
from handlers.admin.views import IN_LANGUAGE, MODELS, library_view
from handlers.buttons import take_buttons_away
from handlers.moderation.common import refused, staffer
from keyboards.library import Library, categories_keyboard, keep_keyboard
from models.moderation import Department, ReplyTemplate
from services import library
from services.library import NAME_LENGTH, TEMPLATE_LENGTH
from services.moderation import NotAllowed
from services.needs import check_text

router = Router(name="admin.editing")


@router.callback_query(Library.filter(F.action.in_({"add", "edit"})))
async def start(
    query: CallbackQuery, callback_data: Library, state: FSMContext, **data: Any
) -> None:
    kind = callback_data.kind
    message = await take_buttons_away(query)
    if kind not in MODELS or message is None:
        return
    draft: Draft = {"kind": kind, "language": CONTENT_LANGUAGES[0], "values": {}, "categories": []}
    if callback_data.action == "edit":
        found: Any = await library.one(data["session"], MODELS[kind], callback_data.item)
        if found is None:
            data["callback_answer"].text = _("It has been deleted meanwhile.")
            return
        draft["item"] = found.id
        draft["values"] = dict(found.texts if kind == "template" else found.names)
        draft["categories"] = list(getattr(found, "categories", []))
    await state.set_state(Editing.text)
    await state.set_data(dict(draft))
    await ask_text(message, state, data)


@flows.prompt_for(Editing.text)
async def ask_text(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    draft: Draft = await state.get_data()  # type: ignore[assignment]
    language = IN_LANGUAGE[draft["language"]]
    question = (
        _("Send the template's text {in_language} (2 to 1,000 characters).")
        if draft["kind"] == "template"
        else _("Send the department's name {in_language} (2 to 100 characters).")
    ).format(in_language=language)
    current = draft["values"].get(draft["language"])
    if "item" in draft and current:
        question += "\n" + _("Now: {text}").format(text=html.quote(current))
    keep = keep_keyboard(draft["kind"]) if "item" in draft and current else None
    await message.answer(question, reply_markup=keep)


@flows.prompt_for(Editing.categories)
async def ask_categories(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    draft: Draft = await state.get_data()  # type: ignore[assignment]
    await message.answer(
        _("Which categories does the department handle? Tap to choose, then save."),
        reply_markup=categories_keyboard(
            data["catalog"].categories, draft["categories"], data["i18n"].current_locale
        ),
    )


@router.message(Editing.text, F.text & ~F.text.startswith("/"))
async def text_given(message: Message, state: FSMContext, **data: Any) -> None:
    draft: Draft = await state.get_data()  # type: ignore[assignment]
    text = (message.text or "").strip()
    limits = TEMPLATE_LENGTH if draft["kind"] == "template" else NAME_LENGTH
    if check_text(text, limits) is not None:
        await message.answer(_("That does not fit. Please send it again."))
        return
    draft["values"][draft["language"]] = text
    await _next(message, state, draft, data)


@router.callback_query(Editing.text, Library.filter(F.action == "keep"))
async def kept(query: CallbackQuery, state: FSMContext, **data: Any) -> None:
    message = await take_buttons_away(query)
    if message is not None:
        await _next(message, state, await state.get_data(), data)  # type: ignore[arg-type]


async def _next(message: Message, state: FSMContext, draft: Draft, data: dict[str, Any]) -> None:
    position = CONTENT_LANGUAGES.index(draft["language"])
    if position + 1 < len(CONTENT_LANGUAGES):
        draft["language"] = CONTENT_LANGUAGES[position + 1]
        await state.set_data(dict(draft))
        await ask_text(message, state, data)
    elif draft["kind"] == "department":
        await state.set_data(dict(draft))
        await state.set_state(Editing.categories)
        await ask_categories(message, state, data)
    else:
        await _save(message, state, draft, data)


@router.callback_query(Editing.categories, Library.filter(F.action == "toggle"))
async def toggle(
    query: CallbackQuery, callback_data: Library, state: FSMContext, **data: Any
) -> None:
    draft: Draft = await state.get_data()  # type: ignore[assignment]
    categories = data["catalog"].categories
    if not callback_data.value.isdigit() or int(callback_data.value) >= len(categories):
        return
    code = categories[int(callback_data.value)].code
    chosen = set(draft["categories"]) ^ {code}
    draft["categories"] = [c.code for c in categories if c.code in chosen]
    await state.set_data(dict(draft))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(
            reply_markup=categories_keyboard(
                categories, draft["categories"], data["i18n"].current_locale
            )
        )


@router.callback_query(Editing.categories, Library.filter(F.action == "save"))
async def save(query: CallbackQuery, state: FSMContext, **data: Any) -> None:
    message = await take_buttons_away(query)
    if message is not None:
        await _save(message, state, await state.get_data(), data)  # type: ignore[arg-type]


async def _save(message: Message, state: FSMContext, draft: Draft, data: dict[str, Any]) -> None:
    await state.clear()
    item: Department | ReplyTemplate = (
        ReplyTemplate(texts=draft["values"])
        if draft["kind"] == "template"
        else Department(names=draft["values"], categories=draft["categories"])
    )
    item.id = draft.get("item")  # type: ignore[assignment]
    try:
        saved = await library.save(
            data["session"], staffer(data), item, admin_ids=data["settings"].admin_ids
        )
    except NotAllowed:
        await message.answer(refused())
        return
    headline = _("✅ Saved.") if saved is not None else _("It has been deleted meanwhile.")
    text, keyboard = await library_view(draft["kind"], data, headline)
    await message.answer(text, reply_markup=keyboard)
