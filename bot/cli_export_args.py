"""The arguments of ``kenes export`` and ``kenes digest`` (``bot.cli_export`` runs them).

Kept apart so that building the command line does not import the exporter's aggregates,
files and the akimat's models: ``kenes run`` never needs them (1.4 MB of idle RSS, issue 19).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from services.periods import Granularity


def add_commands(commands: Any) -> None:
    export = commands.add_parser(
        "export",
        help="export aggregates to the akimat's database, or write open-data files",
        description="Without --period: export every closed period not exported yet (as the "
        "scheduler does). With --period: export (again) that day, week or month. The export "
        "schema in KENES_AKIMAT_DATABASE_URL is created or migrated first.",
    )
    export.add_argument(
        "--period", help="2026-11-27 (a day), 2026-W48 (a week), 2026-11 (a month)"
    )
    export.add_argument("--granularity", choices=[g.value for g in Granularity])
    export.add_argument("--dry-run", action="store_true", help="print what would be written")
    export.add_argument(
        "--format",
        choices=("db", "csv", "json", "open311"),
        default="db",
        help="db: the akimat's database (default); csv, json: open-data files of the same "
        "aggregates; open311: the needs moderators accepted (in the period, or all without "
        "--period) as Open311 GeoReport v2 JSON",
    )
    export.add_argument("--output", type=Path, help="directory for the files (default: stdout)")

    digest = commands.add_parser(
        "digest",
        help="send the moderators' digest now",
        description="Send the daily (or weekly) digest of the last closed period to the "
        "moderators' chat, or privately to each administrator and moderator.",
    )
    digest.add_argument("--now", action="store_true", required=True, help="send it now")
    digest.add_argument(
        "--granularity", choices=("day", "week"), default="day", help="daily or weekly"
    )
