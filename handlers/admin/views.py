"""The lists of reply templates and of departments, as administrators see them."""

from __future__ import annotations

from typing import Any

from aiogram import html
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.support import LazyProxy

from bot.catalog import Catalog
from bot.i18n import CONTENT_LANGUAGES
from keyboards.library import list_keyboard
from keyboards.moderation import short
from models.moderation import Department, ReplyTemplate
from services import library

IN_LANGUAGE: dict[str, LazyProxy] = {"kk": __("in Kazakh"), "ru": __("in Russian")}
MODELS: dict[str, type[Department] | type[ReplyTemplate]] = {
    "template": ReplyTemplate,
    "department": Department,
}


def category_names(codes: list[str], catalog: Catalog, language: str) -> str:
    names = [e.name(language) for code in codes if (e := catalog.category(code)) is not None]
    return ", ".join(names) if names else _("no categories")


async def library_view(
    kind: str, data: dict[str, Any], headline: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    language = data["i18n"].current_locale
    lines = [headline, ""] if headline else []
    if kind == "template":
        items: list[Any] = await library.all_of(data["session"], ReplyTemplate)
        lines.append(_("<b>📄 Reply templates</b>: {count}").format(count=len(items)))
        for number, template in enumerate(items, start=1):
            texts = " / ".join(
                html.quote(short(template.text(lang), 60)) for lang in CONTENT_LANGUAGES
            )
            lines.append(f"{number}. {texts}")
    else:
        items = await library.all_of(data["session"], Department)
        lines.append(_("<b>🏢 Departments</b>: {count}").format(count=len(items)))
        for number, department in enumerate(items, start=1):
            categories = category_names(department.categories, data["catalog"], language)
            lines.append(
                f"{number}. {html.quote(department.name(language))} — {html.quote(categories)}"
            )
    if not items:
        lines.append(_("None yet."))
    return "\n".join(lines), list_keyboard(kind, [item.id for item in items])
