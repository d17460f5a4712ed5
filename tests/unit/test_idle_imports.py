"""An idle bot does not load what only a job, a command or a rare button needs (issue 19
part 3): parsing the command line as ``kenes run`` does, building the whole application
(``bot.app.build``, what ``kenes run`` does before polling) on a new SQLite database, and
the console's web application, leave these modules unimported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.unit.fresh_python import ROOT, fresh_python

HEAVY = (
    "alembic",  # migrations run in a child process, and only when the database is behind
    "mako",
    "holidays",  # loaded with the first deadline, and then only Kazakhstan
    "icalendar",  # a hearing's .ics, when a resident asks for it
    "segno",  # a hearing's QR code, when staff ask for it
    "openpyxl",  # digests and exports
    "matplotlib",
    "bot.digest",
    "services.digests",
    "services.export.aggregates",
    "services.export.akimat",
    "services.export.files",
    "bot.cli_export",  # `kenes export` and `kenes digest`; their arguments are light
    "models.akimat",
    "sqlalchemy.dialects.postgresql",  # with SQLite
    "numpy",  # openpyxl's, when installed
    "PIL",
    "jinja2",  # the console's templates: with its first page
    "console.views.act",  # the console's pages: with the first request to each
    "console.views.need",
    "console.views.queue",
    "console.views.reports",
    "console.views.signin",
)

CHECK = f"""
import asyncio, sys
from bot import cli
from bot.app import build
from bot.settings import load_settings
from console import create_console_app

cli._parser()  # what `kenes run` parses its command line with

kenes = asyncio.run(build(load_settings()))
create_console_app(kenes.console)  # what kenes run serves (KENES_CONSOLE_ENABLED=true)
print(" ".join(name for name in {HEAVY!r} if name in sys.modules))
asyncio.run(kenes.close())
"""


@pytest.mark.slow
def test_an_idle_bot_imports_none_of_the_heavy_modules(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KENES_")}
    env |= {
        "KENES_BOT_TOKEN": "7000000001:idle",
        "KENES_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'kenes.db'}",
        "KENES_LOG_LEVEL": "WARNING",
    }
    imported = fresh_python(CHECK, cwd=tmp_path, env=env | {"PYTHONPATH": str(ROOT)}, timeout=180)
    assert imported == "", f"imported by an idle bot: {imported}"
