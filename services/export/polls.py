"""Polls and the SDG 16.7.2 pulse in the export, from the polls feature's own aggregates
(``services.poll_results``, ``services.pulse_results``: the small-cell rule applied there,
as residents see the results). A poll belongs to the period in which it closed; a quarter's
pulse to the period in which its polls closed. Their district codes are put in the export's
words: ``city`` for the whole city, ``_other`` for districts shown only together,
``_unknown`` for residents whose district Kenes does not know."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models.akimat import CITY, OTHER, UNKNOWN
from services import poll_results, pulse_results
from services.export.sql import Row, period_columns
from services.periods import Period

DISTRICTS = {poll_results.CITY: CITY, poll_results.OTHER: OTHER, poll_results.UNKNOWN: UNKNOWN}
ANSWERS = ("not_at_all", "very_little", "some", "a_lot", "a_great_deal")  # the pulse's scale
POLL_COLUMNS = (
    "poll_id",
    "option",
    "district",
    "hearing_id",
    "pulse_quarter",
    "question_kk",
    "question_ru",
    "option_kk",
    "option_ru",
    "multiple",
    "opens_at",
    "closes_at",
    "respondents",
    "votes",
)


def _district(code: str) -> str:
    return DISTRICTS.get(code, code)


def _key(row: Row) -> tuple[object, ...]:
    return tuple(row[name] for name in ("poll_id", "option", "district"))


async def poll_rows(
    session: AsyncSession, period: Period, bounds: tuple[datetime, datetime], min_cell: int
) -> list[Row]:
    """Every opened poll that closed in the period, per option × district."""
    start, end = bounds
    found = await poll_results.poll_aggregates(
        session, min_cell=min_cell, closed_from=start, closed_until=end
    )
    rows = []
    for aggregate in found:
        values = asdict(aggregate) | {"district": _district(aggregate.district)}
        rows.append(period_columns(period) | {name: values[name] for name in POLL_COLUMNS})
    return sorted(rows, key=_key)


async def pulse_rows(
    session: AsyncSession, period: Period, polls: list[Row], min_cell: int
) -> list[Row]:
    """The pulse of each quarter whose polls are among ``polls`` (those that closed in the
    period), per question × district."""
    quarters = {row["pulse_quarter"] for row in polls if row["pulse_quarter"]}
    if not quarters:
        return []
    rows = [
        period_columns(period)
        | {
            "quarter": aggregate.quarter,
            "item": aggregate.item,
            "district": _district(aggregate.district),
            "respondents": aggregate.respondents,
            **dict(zip(ANSWERS, aggregate.counts, strict=True)),
            "positive": aggregate.positive,
            "share": None if aggregate.share is None else round(aggregate.share, 4),
        }
        for aggregate in await pulse_results.pulse_aggregates(session, min_cell=min_cell)
        if aggregate.quarter in quarters
    ]
    return sorted(rows, key=lambda row: (row["quarter"], row["item"], row["district"]))
