"""``kenes export`` and ``kenes digest``: the exporter and the digests by hand.

Every error is one line on stderr and a non-zero exit: 2 for a wrong argument (an unknown
period, a period that has not ended), 1 when the export itself could not be done (the
akimat's database cannot be reached, another process holds the period).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from bot import migrate
from bot.database import create_engine, create_sessionmaker
from bot.settings import Settings
from models.base import utcnow
from services import periods
from services.export import files
from services.export.aggregates import Aggregates, collect
from services.export.run import AkimatTarget, Exporter, Outcome
from services.periods import Granularity, Period, PeriodError


class CommandError(Exception):
    """One line for the operator; ``status`` is the exit code."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def closed_period(settings: Settings, text: str, granularity: str | None) -> Period:
    try:
        period = periods.parse(text, Granularity(granularity) if granularity else None)
    except PeriodError as error:
        raise CommandError(str(error)) from None
    end = period.bounds(settings.tz)[1]
    if end > utcnow():
        raise CommandError(
            f"period {period} has not ended yet: it ends at {period.end.isoformat()} 00:00 "
            f"{settings.timezone}"
        )
    return period


async def export(settings: Settings, args: argparse.Namespace) -> int:
    logging.getLogger("services.export").setLevel(logging.ERROR)  # the error is our one line
    period = closed_period(settings, args.period, args.granularity) if args.period else None
    if period is None and args.format in ("csv", "json"):
        raise CommandError(f"--format {args.format} needs --period")
    await migrate.upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    sessionmaker = create_sessionmaker(engine)
    target = AkimatTarget(settings.akimat_database_url)
    exporter = Exporter(settings, sessionmaker, target)
    try:
        if args.format == "open311":
            output = None if args.dry_run else args.output
            return await _open311(settings, sessionmaker, period, output)
        if period is None:
            return await _catch_up(exporter, dry_run=args.dry_run)
        async with sessionmaker() as session:
            figures = await collect(
                session, period, period.bounds(settings.tz), settings.export_min_cell
            )
        if args.format in ("csv", "json"):
            return _files(figures, args.format, args.output)
        if args.dry_run:
            print(files.as_json(figures), end="")
            return 0
        return await _to_akimat(exporter, figures)
    finally:
        await target.close()
        await engine.dispose()


async def _to_akimat(exporter: Exporter, figures: Aggregates) -> int:
    period = figures.period
    outcome = await exporter.export(period, force=True)
    if outcome is Outcome.HELD:
        raise CommandError(f"period {period} is being exported by another process now", 1)
    if outcome is Outcome.FAILED:
        raise CommandError(
            "the akimat's database (KENES_AKIMAT_DATABASE_URL) cannot be reached: "
            + (exporter.last_error or "unknown error"),
            1,
        )
    print(
        f"exported {period} ({period.granularity}): {len(figures.needs)} need rows, "
        f"{len(figures.ratings)} rating rows, {len(figures.hearings)} hearing rows, "
        f"{len(figures.polls)} poll rows, {len(figures.pulse)} pulse rows"
    )
    return 0


async def _catch_up(exporter: Exporter, *, dry_run: bool) -> int:
    now = utcnow()
    if dry_run:
        for granularity in Granularity:
            for period in await exporter.due(granularity, now):
                print(f"would export {period} ({granularity})")
        return 0
    outcomes = await exporter.catch_up(now=now)
    for key, outcome in outcomes.items():
        print(f"{key}: {outcome}")
    if Outcome.FAILED in outcomes.values():
        raise CommandError(
            "the akimat's database (KENES_AKIMAT_DATABASE_URL) cannot be reached: "
            + (exporter.last_error or "unknown error"),
            1,
        )
    if not outcomes:
        print("nothing to export: every closed period is in the akimat's database")
    return 0


def _files(figures: Aggregates, fmt: str, output: Path | None) -> int:
    if output is not None:
        for path in files.write_files(figures, output, fmt):
            print(path)
        return 0
    if fmt == "json":
        sys.stdout.write(files.as_json(figures))
        return 0
    for name, table in files.SECTIONS.items():  # one CSV table after another
        sys.stdout.write(f"# {table}\n{files.as_csv(figures, name)}\n")
    return 0


async def _open311(
    settings: Settings, sessionmaker: Any, period: Period | None, output: Path | None
) -> int:
    """The needs published in ``period`` (every one so far without a period); with
    ``--dry-run`` printed, never written."""
    from bot.catalog import load_catalog

    async with sessionmaker() as session:
        requests = await files.open311(
            session,
            period,
            catalog=load_catalog(settings.city),
            language=settings.default_language,
            tz=settings.tz,
        )
    _emit(json.dumps(requests, ensure_ascii=False, indent=2) + "\n", output, period)
    return 0


def _emit(document: str, output: Path | None, period: Period | None) -> None:
    if output is None:
        sys.stdout.write(document)
        return
    output.mkdir(parents=True, exist_ok=True)
    name = files.file_name(period, "open311", "json") if period else "kenes-open311.json"
    path = output / name
    path.write_text(document, encoding="utf-8")
    print(path)


async def digest(settings: Settings, args: argparse.Namespace) -> int:
    """Send the digest of the last closed day (or week) now, whether or not it was sent."""
    from bot.digest.digests import Digests
    from bot.i18n import create_i18n
    from bot.telegram import create_bot

    if settings.bot_token is None:
        raise CommandError("KENES_BOT_TOKEN: not set (the digest is sent through Telegram)")
    if settings.moderator_chat_id is None and not settings.admin_ids:
        raise CommandError("nobody to send to: set KENES_MODERATOR_CHAT_ID or KENES_ADMIN_IDS")
    await migrate.upgrade(settings.database_url)
    period = periods.last_closed(Granularity(args.granularity), utcnow(), settings.tz)
    engine = create_engine(settings.database_url)
    bot = create_bot(settings.bot_token.get_secret_value(), settings.telegram_api_url)
    try:
        digests = Digests(
            settings, bot, create_i18n(settings.default_language), create_sessionmaker(engine)
        )
        reached = await digests.send(period)
    finally:
        await bot.session.close()
        await engine.dispose()
    if not reached:
        raise CommandError(f"the digest of {period} reached no chat (see the log)", 1)
    print(f"digest of {period} ({args.granularity}) sent to {reached} chat(s)")
    return 0
