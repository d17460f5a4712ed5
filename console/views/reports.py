"""The dashboard (with its CSV), the hearings and polls, the exports to the akimat's
database (with a retry for a failed period), and the audit log."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from console.app import PREFIX, console_of, render
from console.security import VISITOR
from models.base import utcnow
from models.export import ExportKind, ExportState
from services import console_reports, periods
from services.console_reports import AuditQuery
from services.periods import Granularity

DEFAULT_DAYS = 30
MAX_DAYS = 731


def _range(request: web.Request) -> tuple[date, date]:
    """The dashboard's dates from the URL; by default the last 30 days (the city's days)."""
    today = utcnow().astimezone(console_of(request).settings.tz).date()

    def day(name: str, default: date) -> date:
        try:
            return date.fromisoformat(request.query.get(name, ""))
        except ValueError:
            return default

    until = day("until", today)
    since = day("since", until - timedelta(days=DEFAULT_DAYS - 1))
    if since > until:
        since, until = until, since
    return max(since, until - timedelta(days=MAX_DAYS)), until


async def _dashboard(request: web.Request) -> console_reports.Dashboard:
    console = console_of(request)
    since, until = _range(request)
    async with console.sessionmaker() as session:
        return await console_reports.dashboard(session, since, until, tz=console.settings.tz)


async def dashboard(request: web.Request) -> web.StreamResponse:
    shown = await _dashboard(request)
    query = urlencode({"since": shown.since.isoformat(), "until": shown.until.isoformat()})
    busiest = max((count for _, count in shown.per_day), default=0)
    return render(
        request,
        "dashboard.html",
        {
            "board": shown,
            "csv": f"{PREFIX}/dashboard.csv?{query}",
            "xlsx": f"{PREFIX}/dashboard.xlsx?{query}",
            "busiest": busiest,
        },
    )


HEADER = ["district", "district_name", "category", "category_name", "received", "accepted",
          "resolved", "overdue"]  # fmt: skip


async def _table(request: web.Request) -> tuple[console_reports.Dashboard, list[list[Any]]]:
    """Exactly the table shown, with the codes of districts and categories and their names,
    and the totals last."""
    shown = await _dashboard(request)
    catalog = console_of(request).catalog
    language = request[VISITOR].language
    rows: list[list[Any]] = [HEADER]
    for cell in shown.cells:
        district = catalog.district(cell.district)
        category = catalog.category(cell.category)
        rows.append(
            [
                cell.district,
                district.name(language) if district else cell.district,
                cell.category,
                category.name(language) if category else cell.category,
                *(getattr(cell, name) for name in console_reports.FIGURES),
            ]
        )
    rows.append(["", "", "", "", *(getattr(shown.totals, n) for n in console_reports.FIGURES)])
    return shown, rows


def _attachment(shown: console_reports.Dashboard, suffix: str) -> dict[str, str]:
    name = f"kenes-dashboard-{shown.since.isoformat()}-{shown.until.isoformat()}.{suffix}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


async def dashboard_csv(request: web.Request) -> web.StreamResponse:
    shown, rows = await _table(request)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return web.Response(
        body=out.getvalue().encode("utf-8-sig"),  # BOM: spreadsheets read Cyrillic right
        content_type="text/csv",
        charset="utf-8",
        headers=_attachment(shown, "csv"),
    )


async def dashboard_xlsx(request: web.Request) -> web.StreamResponse:
    from openpyxl import Workbook  # only here: an idle bot does not load it (issue 19)

    shown, rows = await _table(request)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"{shown.since.isoformat()}..{shown.until.isoformat()}"[:31]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return web.Response(
        body=out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=_attachment(shown, "xlsx"),
    )


async def hearings(request: web.Request) -> web.StreamResponse:
    async with console_of(request).sessionmaker() as session:
        hearing_lines, poll_lines = await console_reports.hearings_and_polls(session)
    return render(request, "hearings.html", {"hearings": hearing_lines, "polls": poll_lines})


async def hearing_questions(request: web.Request) -> web.StreamResponse:
    hearing_id = int(request.match_info["hearing_id"])
    async with console_of(request).sessionmaker() as session:
        questions = await console_reports.hearing_questions(session, hearing_id)
    return render(request, "questions.html", {"questions": questions, "hearing_id": hearing_id})


async def exports(request: web.Request) -> web.StreamResponse:
    async with console_of(request).sessionmaker() as session:
        akimat = await console_reports.exports(session, ExportKind.AKIMAT)
        digests = await console_reports.exports(session, ExportKind.DIGEST)
    return render(
        request,
        "exports.html",
        {
            "periods": akimat,
            "digest": next((p for p in digests if p.state == ExportState.DONE), None),
            "result": request.query.get("r", ""),
            "FAILED": ExportState.FAILED.value,
        },
    )


async def retry(request: web.Request) -> web.StreamResponse:
    """Export a failed period again now (the same export the scheduler runs)."""
    console = console_of(request)
    async with console.sessionmaker() as session:
        row = await console_reports.export_period(session, int(request.match_info["period_id"]))
    result = "gone"
    if row is not None and row.kind == ExportKind.AKIMAT and console.exporter is not None:
        period = periods.parse(row.period, Granularity(row.granularity))
        result = (await console.exporter.export(period, force=True)).value
    raise web.HTTPSeeOther(f"{PREFIX}/exports?{urlencode({'r': result})}")


async def audit(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    query = AuditQuery.from_params(request.query)
    async with console.sessionmaker() as session:
        entries, more = await console_reports.audit_log(session, query, tz=console.settings.tz)
    params = {k: v for k, v in request.query.items() if k != "page"}

    def page_link(page: int) -> str:
        return f"{PREFIX}/audit?{urlencode(params | ({'page': str(page)} if page else {}))}"

    return render(
        request,
        "audit.html",
        {"entries": entries, "more": more, "query": query, "page_link": page_link},
    )
