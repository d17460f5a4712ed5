"""What a poll looks like to a resident (its card: the question, the options, their answer,
the results when they may see them) and to staff (the results), in the current locale."""

from __future__ import annotations

from datetime import datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from aiogram import html
from aiogram.utils.i18n import gettext as _
from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from bot.catalog import Catalog
from bot.i18n import format_datetime, format_number
from bot.latin import written_in
from bot.render import hidden_figure
from models.poll import PulseItem
from services.poll_results import OTHER, UNKNOWN, Group, Results, hidden_figures
from services.polls import PollView

PULSE_NUMBER = {PulseItem.SAY: 1, PulseItem.INFLUENCE: 2}


def share(part: int, whole: int, language: str, *, decimals: int = 0) -> str:
    """``58%`` / ``58 %``: the locale's percent sign and spacing."""
    pattern, locale = _percent_pattern(written_in(language), decimals)
    return str(pattern.apply(part / whole if whole else 0, locale))  # as format_percent


@cache
def _percent_pattern(locale: str, decimals: int) -> tuple[NumberPattern, Locale]:
    """The locale's percent pattern, parsed once (babel parses it at every call: a poll card
    shows a dozen shares, issue 19)."""
    parsed = Locale.parse(locale)
    pattern = parsed.percent_formats[None].pattern
    if decimals:  # the pattern has one "0": the last integer digit
        pattern = pattern.replace("0", "0." + "#" * decimals, 1)
    return parse_pattern(pattern), parsed


# Counts of residents and votes, as they grow during a poll: each is formatted once.
_number = lru_cache(maxsize=16_384)(format_number)


def district_name(code: str, catalog: Catalog, language: str) -> str:
    if code == UNKNOWN:
        return _("District not known")
    if code == OTHER:
        return _("Other districts")
    entry = catalog.district(code)
    return entry.name(language) if entry else code


def results_visible(view: PollView, answered: bool, now: datetime) -> bool:
    return view.results_visible(answered, now)


def results_block(results: Results, catalog: Catalog, language: str, min_cell: int) -> str:
    """The results; figures of fewer than ``min_cell`` residents (and those they could be
    worked out from) hidden, by the rule of ``services.disclosure``."""
    total = results.total
    hidden = hidden_figures(results, min_cell)

    def unknown(group: Group, position: int | None) -> str | None:
        if (group.district, position) not in hidden:
            return None
        count = group.respondents if position is None else group.votes[position]
        return hidden_figure(count < min_cell, min_cell, language)

    if (masked := unknown(total, None)) is not None:
        lines = [_("📊 <b>Results</b>: {count} answered").format(count=masked)]
    else:
        lines = [
            _(
                "📊 <b>Results</b>: {count} resident answered",
                "📊 <b>Results</b>: {count} residents answered",
                total.respondents,
            ).format(count=_number(total.respondents, language))
        ]
    for position, votes in enumerate(total.votes):
        if (masked := unknown(total, position)) is not None:
            lines.append(f"{position + 1}. {masked}")
            continue
        lines.append(
            _(
                "{number}. {count} vote — {share}", "{number}. {count} votes — {share}", votes
            ).format(
                number=position + 1,
                count=_number(votes, language),
                share=share(votes, total.respondents, language),
            )
        )
    if results.districts:
        lines.append("")
        lines.append(_("<b>By district</b> (residents who answered):"))
    for group in results.districts:
        shares = ", ".join(
            f"{position + 1} — "
            + (unknown(group, position) or share(votes, group.respondents, language))
            for position, votes in enumerate(group.votes)
        )
        name = district_name(group.district, catalog, language)
        respondents = unknown(group, None) or _number(group.respondents, language)
        lines.append(f"{name} ({respondents}): {shares}")
    if results.hidden:
        lines.append(
            _(
                "Districts where fewer than {count} residents answered are not shown on their own."
            ).format(count=min_cell)
        )
    return "\n".join(lines)


def _header(view: PollView) -> str:
    item = view.poll.pulse_item
    if item is not None and item in PULSE_NUMBER:
        return _("📈 <b>Quarterly question of the akimat ({number} of 2)</b>").format(
            number=PULSE_NUMBER[PulseItem(item)]
        )
    return _("🗳 <b>Poll of the akimat</b>")


def card_text(
    view: PollView,
    language: str,
    tz: ZoneInfo,
    *,
    choices: frozenset[int],
    now: datetime,
    results: str | None,
) -> str:
    """The poll as one resident sees it now. ``results``: the results block, when they may
    see it (:func:`results_visible`)."""
    poll = view.poll
    lines = [_header(view), html.quote(poll.question(language)), ""]
    lines += [f"{o.position + 1}. {html.quote(o.text(language))}" for o in view.options]
    lines.append("")
    closes = format_datetime(poll.closes_at, language, tz)
    if choices:
        numbers = ", ".join(str(position + 1) for position in sorted(choices))
        lines.append(_("✅ Your answer: {numbers}").format(numbers=numbers))
    if view.is_closed(now):
        lines.append(_("🔒 The poll closed on {date}.").format(date=closes))
    elif choices:
        lines.append(_("You can change your answer until {date}.").format(date=closes))
    else:
        lines.append(
            _("Choose one or more answers with the buttons below, then press “✔️ Done”.")
            if poll.multiple
            else _("Choose one answer with the buttons below.")
        )
        lines.append(_("Open until {date}.").format(date=closes))
    if results is not None:
        lines += ["", results]
    elif choices:
        lines += ["", _("📊 The results will be shown when the poll closes.")]
    return "\n".join(lines)
