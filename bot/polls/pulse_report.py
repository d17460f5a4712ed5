"""The SDG 16.7.2 pulse as staff read it (``/pulse``): each question's indicator for the
city and by district, with the change from the previous quarter, in the current locale."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from babel.numbers import format_decimal

from bot.catalog import Catalog
from bot.latin import written_in
from bot.polls.render import district_name, share
from models.poll import PulseItem
from services.poll_results import OTHER
from services.pulse import ITEMS
from services.pulse_results import Indicator, QuarterReport


def quarter_label(quarter: str) -> str:
    return _("quarter {number} of {year}").format(number=int(quarter[5:]), year=quarter[:4])


def item_name(item: PulseItem) -> str:
    """What the question asks about, plain text: "Have a say in what the government does"."""
    if item == PulseItem.SAY:
        return _("Have a say in what the government does")
    return _("Have an influence on politics")


def item_kind(item: PulseItem) -> str:
    """The sub-indicator the question measures: "inclusive decision-making"."""
    if item == PulseItem.SAY:
        return _("inclusive decision-making")
    return _("responsive decision-making")


def _item_title(item: PulseItem) -> str:
    return f"<b>{item_name(item)}</b> ({item_kind(item)})"


def signed_points(change: float, language: str) -> str:
    """A change in percentage points, signed, one decimal: ``+5,0``, ``−2,5``, ``0,0``."""
    sign = "+" if change > 0 else "−" if change < 0 else ""
    return sign + format_decimal(abs(change), format="#,##0.0", locale=written_in(language))


def points(now: Indicator, before: Indicator | None, language: str) -> str | None:
    """The change in percentage points, signed: ``+5,0``, ``−2,5``."""
    if before is None or now.share is None or before.share is None:
        return None
    return signed_points(round((now.share - before.share) * 100, 1), language)


def _line(name: str, indicator: Indicator, language: str, change: str | None) -> str:
    line = _("{name}: {share} ({positive} of {respondents})").format(
        name=name,
        share=share(indicator.positive, indicator.respondents, language, decimals=1),
        positive=indicator.positive,
        respondents=indicator.respondents,
    )
    if change is not None:
        line += " · " + _("{change} p.p.").format(change=change)
    return line


def pulse_text(
    current: QuarterReport,
    previous: QuarterReport | None,
    catalog: Catalog,
    language: str,
    min_cell: int,
) -> str:
    parts = [
        _("📈 <b>SDG 16.7.2 pulse, {quarter}</b>").format(quarter=quarter_label(current.quarter)),
        _(
            "The share of respondents who answered “Some”, “A lot” or “A great deal”. Kenes' "
            "respondents are residents who chose to answer, not a representative sample of "
            "the city."
        ),
    ]
    if previous is None:
        parts.append(_("There was no pulse in the previous quarter to compare with."))
    else:
        parts.append(
            _("Changes are in percentage points from {quarter}.").format(
                quarter=quarter_label(previous.quarter)
            )
        )
    hidden = False
    for item in ITEMS:
        report = current.items[item]
        before = previous.items[item] if previous is not None else None
        earlier = {i.district: i for i in before.districts} if before else {}
        lines = [
            _item_title(item),
            _line(
                _("City"),
                report.city,
                language,
                points(report.city, before.city if before else None, language),
            ),
        ]
        for indicator in report.districts:
            name = district_name(indicator.district, catalog, language)
            # "other districts" are not the same districts from one quarter to the next
            same = earlier.get(indicator.district) if indicator.district != OTHER else None
            change = points(indicator, same, language)
            lines.append(_line(name, indicator, language, change))
        hidden = hidden or report.hidden
        parts.append("\n".join(lines))
    if hidden:
        parts.append(
            _(
                "Districts where fewer than {count} residents answered are not shown on their own."
            ).format(count=min_cell)
        )
    return "\n\n".join(parts)
