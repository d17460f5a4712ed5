"""The digest's chart: new needs by category and the average rating of each service, as a
PNG. matplotlib's object API with the Agg canvas (no pyplot, no display, no global state),
and DejaVu Sans, which matplotlib ships (Kazakh letters included): nothing is fetched."""

from __future__ import annotations

import io

from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog
from bot.digest.text import name, title
from services.digests import Digest


def render(digest: Digest, catalog: Catalog, locale: str) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 7), dpi=100)
    FigureCanvasAgg(figure)
    needs, ratings = figure.subplots(2, 1)
    categories = [
        (name(catalog.category(code), code, locale), count) for code, count in digest.by_category
    ]
    needs.set_title(_("New needs by category"))
    if categories:
        needs.barh([c for c, _n in categories], [n for _c, n in categories], color="#2e7d32")
        needs.invert_yaxis()
    else:
        needs.text(0.5, 0.5, _("No new needs"), ha="center", va="center")
    ratings.set_title(_("Average rating by service"))
    ratings.set_xlim(0, 5)
    if digest.ratings:
        labels = [name(catalog.service(r.service), r.service, locale) for r in digest.ratings]
        ratings.barh(labels, [r.mean for r in digest.ratings], color="#1565c0")
        ratings.invert_yaxis()
    else:
        ratings.text(2.5, 0.5, _("No service was rated."), ha="center", va="center")
    figure.suptitle(title(digest, locale))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
