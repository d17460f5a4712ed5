"""``/comments``: residents' rating comments, newest first, each with a button to hide it
(or show it again). A hidden comment is not shown or exported; its score still counts."""

from __future__ import annotations

from typing import Any

from aiogram import Router, html
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from bot.i18n import format_datetime
from bot.render import fit, shorten
from handlers.moderation.hiding import register_view
from handlers.moderation.paged import paged
from keyboards.lists import CommentsPage, comments_keyboard
from services import rating_comments

router = Router(name="moderation.comments")
MAX_SHOWN = 500  # UTF-16 units: five of them fit one message


async def comments_view(
    number: int, data: dict[str, Any]
) -> tuple[str, InlineKeyboardMarkup | None]:
    catalog: Catalog = data["catalog"]
    language = data["i18n"].current_locale
    found = await rating_comments.page(data["session"], number)

    def listing(comments: list[str]) -> str:
        lines = [
            _("<b>💬 Rating comments</b>: {total}. Page {page} of {pages}.").format(
                total=found.total, page=found.page + 1, pages=found.pages
            )
        ]
        if not found.ratings:
            lines.append(_("There are no comments yet."))
        for rating, shown in zip(found.ratings, comments, strict=True):
            service, district = catalog.service(rating.service), catalog.district(rating.district)
            lines.append(
                "\n"
                + " · ".join(
                    [
                        f"<b>#{rating.id}</b>",
                        service.name(language) if service else rating.service,
                        district.name(language) if district else rating.district,
                        "⭐" * rating.score,
                        format_datetime(rating.created_at, language, data["settings"].tz),
                    ]
                )
            )
            comment = "«" + html.quote(shown) + "»"
            lines.append(
                _("🙈 Hidden: {comment}").format(comment=comment) if rating.hidden else comment
            )
        return "\n".join(lines)

    comments = [shorten(" ".join((r.comment or "").split()), MAX_SHOWN) for r in found.ratings]
    return fit(listing, comments), comments_keyboard(found.ratings, found.page, found.pages)


register_view("rating", comments_view)
paged(router, "comments", CommentsPage, comments_view)
