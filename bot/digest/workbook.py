"""The digest's spreadsheet (XLSX, openpyxl): the period's aggregates, one sheet for needs
and one for ratings, with names in the current locale and codes beside them, and a sheet for
the SDG 16.7.2 pulse when the digest has one."""

from __future__ import annotations

import io

from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from bot.digest import pulse
from bot.digest.text import name
from services.digests import Digest

NEED_COLUMNS = (
    "submitted",
    "accepted",
    "rejected",
    "resolved",
    "duplicate",
    "not_our_competence",
    "reopened",
    "open_at_end",
    "overdue_at_end",
    "median_hours_to_first_answer",
    "median_hours_to_resolution",
)
RATING_COLUMNS = (
    "ratings",
    "mean_score",
    "score_1",
    "score_2",
    "score_3",
    "score_4",
    "score_5",
    "comments",
)


def need_headers() -> list[str]:
    return [
        _("District"),
        _("Category"),
        _("Submitted"),
        _("Accepted"),
        _("Rejected"),
        _("Resolved"),
        _("Duplicates"),
        _("Not our competence"),
        _("Reopened"),
        _("Open at the end"),
        _("Overdue at the end"),
        _("Median hours to the first answer"),
        _("Median hours to resolution"),
    ]


def rating_headers() -> list[str]:
    scores = [_("Score {score}").format(score=score) for score in range(1, 6)]
    return [_("District"), _("Service"), _("Ratings"), _("Average score"), *scores, _("Comments")]


def render(digest: Digest, catalog: Catalog, locale: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    needs = book.active
    assert needs is not None
    needs.title = _("Needs")
    needs.append(need_headers())
    for row in digest.figures.needs:
        district = name(catalog.district(row["district"]), row["district"], locale)
        category = name(catalog.category(row["category"]), row["category"], locale)
        needs.append([district, category, *[row[c] for c in NEED_COLUMNS]])
    ratings = book.create_sheet(_("Ratings"))
    ratings.append(rating_headers())
    for row in digest.figures.ratings:
        district = name(catalog.district(row["district"]), row["district"], locale)
        service = name(catalog.service(row["service"]), row["service"], locale)
        ratings.append([district, service, *[row[c] for c in RATING_COLUMNS]])
    if digest.pulse is not None:
        sheet = book.create_sheet(_("SDG 16.7.2 pulse"))
        sheet.append(pulse.headers())
        for figures in pulse.rows(digest.pulse):
            sheet.append(figures)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
